namespace Charger.Actors.Persistence;

/// <summary>Which snapshot: whose, as of which sequence number, taken when.</summary>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, DateTimeOffset Timestamp);
