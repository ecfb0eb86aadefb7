namespace Charger.Actors.Persistence;

/// <summary>
/// An append-only event journal (Akka's AsyncWriteJournal, reduced to what we use). Implementations:
/// SQLite (the default), PostgreSQL, in-memory for tests; every one passes the same contract tests.
/// </summary>
public interface IJournal
{
    /// <summary>
    /// Appends <paramref name="entries"/> (one persistence id, consecutive sequence numbers) atomically
    /// and durably: all or none, on disk when the task completes. A sequence number already taken
    /// throws <see cref="JournalConflictException"/> and writes nothing.
    /// </summary>
    Task WriteAsync(IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The entries of one persistence id with from &lt;= SequenceNr &lt;= to, in order, at most <paramref name="max"/>.</summary>
    IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max = long.MaxValue,
        CancellationToken cancellationToken = default);

    /// <summary>The highest sequence number written for the id (0 if none), even if deleted up to it.</summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the id's entries up to and including <paramref name="toSequenceNr"/>; the highest sequence number is kept.</summary>
    Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);

    /// <summary>All ids' entries with Ordering &gt; <paramref name="afterOrdering"/>, in Ordering order (for projections).</summary>
    IAsyncEnumerable<JournalEntry> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken = default);
}
