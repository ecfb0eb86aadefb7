using System.Runtime.CompilerServices;

namespace Charger.Actors.Persistence;

/// <summary>
/// A thread-safe journal in memory, for tests (it passes the same contract as the durable stores).
/// Fault hooks let a test fail the next write or read, or hold writes to see what an actor does
/// while one is in flight. <paramref name="asynchronous"/> makes every call complete on another
/// thread, as a real store's would, instead of synchronously.
/// </summary>
public sealed class InMemoryJournal(bool asynchronous = false) : IJournal
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PersistenceIdLog> _logs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, JournalEntry> _byOrdering = [];
    private long _ordering;
    private Exception? _failNextWrite;
    private Exception? _failNextRead;

    /// <summary>Awaited before every write with the batch; it may throw (a failed write, nothing written) or wait (a slow disk).</summary>
    public Func<IReadOnlyList<JournalEntry>, Task>? BeforeWrite { get; set; }

    /// <summary>Awaited before every replay and highest-sequence-number read with the persistence id; it may throw or wait.</summary>
    public Func<string, Task>? BeforeRead { get; set; }

    /// <summary>The next <see cref="WriteAsync"/> throws <paramref name="error"/> (an <see cref="IOException"/> if null) and writes nothing.</summary>
    public void FailNextWrite(Exception? error = null)
    {
        lock (_lock) _failNextWrite = error ?? new IOException("Injected journal write failure.");
    }

    /// <summary>The next replay or highest-sequence-number read throws <paramref name="error"/> (an <see cref="IOException"/> if null).</summary>
    public void FailNextRead(Exception? error = null)
    {
        lock (_lock) _failNextRead = error ?? new IOException("Injected journal read failure.");
    }

    public async Task WriteAsync(IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (asynchronous) await Task.Run(static () => { }).ConfigureAwait(false);
        if (BeforeWrite is { } hook) await hook(entries).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (Take(ref _failNextWrite) is { } failure) throw failure;
            foreach (var entry in entries)
                if (_logs.TryGetValue(entry.PersistenceId, out var existing) && existing.Taken(entry.SequenceNr))
                    throw new JournalConflictException(entry.PersistenceId, entry.SequenceNr);
            if (entries.GroupBy(e => (e.PersistenceId, e.SequenceNr)).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
                throw new JournalConflictException(duplicate.Key.PersistenceId, duplicate.Key.SequenceNr);
            foreach (var entry in entries)
            {
                var stored = entry with { Ordering = ++_ordering };
                if (!_logs.TryGetValue(entry.PersistenceId, out var log)) _logs[entry.PersistenceId] = log = new PersistenceIdLog();
                log.Entries[stored.SequenceNr] = stored;
                log.Highest = Math.Max(log.Highest, stored.SequenceNr);
                _byOrdering[stored.Ordering] = stored;
            }
        }
    }

    public async IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max = long.MaxValue,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (asynchronous) await Task.Run(static () => { }).ConfigureAwait(false);
        if (BeforeRead is { } hook) await hook(persistenceId).ConfigureAwait(false);
        JournalEntry[] selected;
        lock (_lock)
        {
            if (Take(ref _failNextRead) is { } failure) throw failure;
            selected = _logs.TryGetValue(persistenceId, out var log)
                ? log.Entries.Values.Where(e => e.SequenceNr >= fromSequenceNr && e.SequenceNr <= toSequenceNr)
                    .Take((int)Math.Min(max, int.MaxValue)).ToArray()
                : [];
        }
        foreach (var entry in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
    }

    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        if (asynchronous) await Task.Run(static () => { }).ConfigureAwait(false);
        if (BeforeRead is { } hook) await hook(persistenceId).ConfigureAwait(false);
        lock (_lock)
        {
            if (Take(ref _failNextRead) is { } failure) throw failure;
            return _logs.TryGetValue(persistenceId, out var log) ? log.Highest : 0;
        }
    }

    public async Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        if (asynchronous) await Task.Run(static () => { }).ConfigureAwait(false);
        lock (_lock)
        {
            if (!_logs.TryGetValue(persistenceId, out var log)) return;
            foreach (var entry in log.Entries.Values.TakeWhile(e => e.SequenceNr <= toSequenceNr).ToArray())
            {
                log.Entries.Remove(entry.SequenceNr);
                _byOrdering.Remove(entry.Ordering);
            }
        }
    }

    public async IAsyncEnumerable<JournalEntry> ReadAllAsync(long afterOrdering, int max,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (asynchronous) await Task.Run(static () => { }).ConfigureAwait(false);
        JournalEntry[] selected;
        lock (_lock)
        {
            if (Take(ref _failNextRead) is { } failure) throw failure;
            selected = _byOrdering.Values.Where(e => e.Ordering > afterOrdering).Take(max).ToArray();
        }
        foreach (var entry in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
    }

    private static Exception? Take(ref Exception? slot)
    {
        var taken = slot;
        slot = null;
        return taken;
    }

    private sealed class PersistenceIdLog
    {
        public SortedList<long, JournalEntry> Entries { get; } = [];

        /// <summary>Kept when the entries are deleted, so a restarted actor never reuses a number.</summary>
        public long Highest { get; set; }

        public bool Taken(long sequenceNr) => Entries.ContainsKey(sequenceNr) || sequenceNr <= Highest;
    }
}
