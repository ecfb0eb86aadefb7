namespace Charger.Actors.Persistence;

/// <summary>
/// A thread-safe snapshot store in memory, for tests. Fault hooks fail the next save or load;
/// <paramref name="asynchronous"/> makes every call complete on another thread, as a real store's would.
/// </summary>
public sealed class InMemorySnapshotStore(bool asynchronous = false) : ISnapshotStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedList<long, SnapshotEntry>> _snapshots = new(StringComparer.Ordinal);
    private Exception? _failNextSave;
    private Exception? _failNextLoad;

    /// <summary>The next <see cref="SaveAsync"/> throws <paramref name="error"/> (an <see cref="IOException"/> if null) and saves nothing.</summary>
    public void FailNextSave(Exception? error = null)
    {
        lock (_lock) _failNextSave = error ?? new IOException("Injected snapshot save failure.");
    }

    /// <summary>The next <see cref="LoadLatestAsync"/> throws <paramref name="error"/> (an <see cref="IOException"/> if null).</summary>
    public void FailNextLoad(Exception? error = null)
    {
        lock (_lock) _failNextLoad = error ?? new IOException("Injected snapshot load failure.");
    }

    public async Task SaveAsync(SnapshotEntry snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (asynchronous) await Task.Run(static () => { }).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (Take(ref _failNextSave) is { } failure) throw failure;
            if (!_snapshots.TryGetValue(snapshot.PersistenceId, out var list))
                _snapshots[snapshot.PersistenceId] = list = [];
            list[snapshot.SequenceNr] = snapshot;
        }
    }

    public async Task<SnapshotEntry?> LoadLatestAsync(string persistenceId, long maxSequenceNr = long.MaxValue,
        CancellationToken cancellationToken = default)
    {
        if (asynchronous) await Task.Run(static () => { }).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (Take(ref _failNextLoad) is { } failure) throw failure;
            return _snapshots.TryGetValue(persistenceId, out var list)
                ? list.Values.LastOrDefault(s => s.SequenceNr <= maxSequenceNr)
                : null;
        }
    }

    public async Task DeleteToAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default)
    {
        if (asynchronous) await Task.Run(static () => { }).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_snapshots.TryGetValue(persistenceId, out var list)) return;
            foreach (var sequenceNr in list.Keys.TakeWhile(k => k <= maxSequenceNr).ToArray()) list.Remove(sequenceNr);
        }
    }

    private static Exception? Take(ref Exception? slot)
    {
        var taken = slot;
        slot = null;
        return taken;
    }
}
