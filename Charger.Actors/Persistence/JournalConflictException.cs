namespace Charger.Actors.Persistence;

/// <summary>A write reused a sequence number: two writers for one persistence id, which must never happen.</summary>
public sealed class JournalConflictException(string persistenceId, long sequenceNr, Exception? inner = null)
    : Exception($"Sequence number {sequenceNr} of '{persistenceId}' is already in the journal.", inner)
{
    public string PersistenceId { get; } = persistenceId;

    public long SequenceNr { get; } = sequenceNr;
}
