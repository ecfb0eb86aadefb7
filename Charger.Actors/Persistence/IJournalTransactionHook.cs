using System.Data.Common;

namespace Charger.Actors.Persistence;

/// <summary>
/// Work that commits or rolls back together with a journal append, e.g. a query table kept up to date
/// from the events (a session list next to the session journal). The journal calls it after inserting
/// the entries and before committing, on the same connection and transaction: if it throws, nothing of
/// the append is written and the exception reaches the writer.
/// <para>
/// The transaction is the store's own (<c>SqliteTransaction</c> or <c>NpgsqlTransaction</c>); the hook
/// issues its statements on <see cref="DbTransaction.Connection"/> with that transaction set, in the
/// store's SQL dialect. It must not commit, roll back or keep the transaction.
/// </para>
/// </summary>
public interface IJournalTransactionHook
{
    /// <param name="entries">The entries just inserted, with their <see cref="JournalEntry.Ordering"/> assigned.</param>
    /// <param name="transaction">The open transaction of the append.</param>
    Task OnAppendAsync(IReadOnlyList<JournalEntry> entries, DbTransaction transaction, CancellationToken cancellationToken);
}
