namespace Charger.Actors.Persistence;

/// <summary>Sent to the actor when its <c>DeleteSnapshots</c> is done.</summary>
public sealed record DeleteSnapshotsSuccess(long MaxSequenceNr);

/// <summary>Sent to the actor when its <c>DeleteSnapshots</c> failed.</summary>
public sealed record DeleteSnapshotsFailure(long MaxSequenceNr, Exception Cause);
