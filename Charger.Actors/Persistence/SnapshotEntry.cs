namespace Charger.Actors.Persistence;

/// <summary>An actor's state as of <see cref="SequenceNr"/>, as JSON with a manifest and a schema version.</summary>
public sealed record SnapshotEntry(
    string PersistenceId,
    long SequenceNr,
    string Manifest,
    int SchemaVersion,
    string Payload,
    DateTimeOffset Timestamp);
