namespace Charger.Actors.Persistence;

/// <summary>A journal on a database that can run more statements in the transaction of an append (SQLite, PostgreSQL).</summary>
public interface ITransactionalJournal : IJournal
{
    /// <summary>
    /// As <see cref="IJournal.WriteAsync"/>, and runs <paramref name="hook"/> in the same transaction after
    /// the inserts: the entries and the hook's statements are durable together or not at all.
    /// </summary>
    Task WriteAsync(IReadOnlyList<JournalEntry> entries, IJournalTransactionHook hook, CancellationToken cancellationToken = default);
}
