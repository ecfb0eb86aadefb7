namespace Charger.Actors.Persistence;

/// <summary>Sent to the actor when its <c>SaveSnapshot</c> is stored (e.g. to delete the events it covers).</summary>
public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);

/// <summary>Sent to the actor when its <c>SaveSnapshot</c> failed; nothing is lost, recovery just replays more events.</summary>
public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);
