namespace Charger.Actors.Persistence;

/// <summary>The precondition of every <see cref="IJournal.WriteAsync"/>, checked the same way by every store.</summary>
internal static class JournalBatch
{
    /// <summary>Throws <see cref="ArgumentException"/> unless the entries are one persistence id with consecutive sequence numbers from 1 up.</summary>
    public static void Validate(IReadOnlyList<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
            return;
        var first = entries[0] ?? throw new ArgumentException("a journal entry is null", nameof(entries));
        if (string.IsNullOrEmpty(first.PersistenceId))
            throw new ArgumentException("the persistence id is empty", nameof(entries));
        if (first.SequenceNr < 1)
            throw new ArgumentException($"sequence numbers start at 1, got {first.SequenceNr}", nameof(entries));
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw new ArgumentException("a journal entry is null", nameof(entries));
            if (entry.PersistenceId != first.PersistenceId)
                throw new ArgumentException($"one write holds one persistence id: '{first.PersistenceId}' and '{entry.PersistenceId}'", nameof(entries));
            if (entry.SequenceNr != first.SequenceNr + i)
                throw new ArgumentException($"sequence numbers of one write are consecutive: expected {first.SequenceNr + i}, got {entry.SequenceNr}", nameof(entries));
            if (entry.Manifest is null || entry.Payload is null)
                throw new ArgumentException($"entry {entry.SequenceNr} of '{entry.PersistenceId}' has no manifest or payload", nameof(entries));
        }
    }
}
