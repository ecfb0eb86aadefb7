namespace Charger.Actors.Persistence;

/// <summary>Recovery's first message when a snapshot exists: the state to start from; the events after it follow.</summary>
public sealed record SnapshotOffer(SnapshotMetadata Metadata, object Snapshot);
