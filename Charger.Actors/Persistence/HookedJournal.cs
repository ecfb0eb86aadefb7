namespace Charger.Actors.Persistence;

/// <summary>
/// A journal whose every append also runs one <see cref="IJournalTransactionHook"/> in its transaction.
/// Hand it to a persistent actor as its plain <see cref="IJournal"/>: the actor persists as usual and the
/// hook's query table can never disagree with the journal, with no change to the actor.
/// </summary>
public sealed class HookedJournal(ITransactionalJournal inner, IJournalTransactionHook hook) : IJournal
{
    private readonly ITransactionalJournal _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly IJournalTransactionHook _hook = hook ?? throw new ArgumentNullException(nameof(hook));

    public Task WriteAsync(IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(entries, _hook, cancellationToken);

    public IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max = long.MaxValue,
        CancellationToken cancellationToken = default) =>
        _inner.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default) =>
        _inner.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    public Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        _inner.DeleteToAsync(persistenceId, toSequenceNr, cancellationToken);

    public IAsyncEnumerable<JournalEntry> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken = default) =>
        _inner.ReadAllAsync(afterOrdering, max, cancellationToken);
}
