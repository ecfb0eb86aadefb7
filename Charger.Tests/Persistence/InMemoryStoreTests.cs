using Charger.Actors.Persistence;

namespace Charger.Tests.Persistence;

/// <summary>The in-memory stores' fault hooks, and their consistency under concurrent use.</summary>
public sealed class InMemoryStoreTests
{
    private static JournalEntry Entry(string id, long n) => new(id, n, "e", 1, $$"""{"n":{{n}}}""", DateTimeOffset.UnixEpoch);

    private static async Task<long[]> SequenceNrs(IJournal journal, string id)
    {
        var result = new List<long>();
        await foreach (var e in journal.ReplayAsync(id, 1, long.MaxValue)) result.Add(e.SequenceNr);
        return [.. result];
    }

    [Fact]
    public async Task FailNextWrite_fails_one_write_only_and_writes_nothing()
    {
        var journal = new InMemoryJournal();
        journal.FailNextWrite(new TimeoutException("disk"));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => journal.WriteAsync([Entry("a", 1), Entry("a", 2)]));

        Assert.Equal("disk", error.Message);
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync("a"));
        await journal.WriteAsync([Entry("a", 1), Entry("a", 2)]);
        Assert.Equal(new long[] { 1, 2 }, await SequenceNrs(journal, "a"));
    }

    [Fact]
    public async Task FailNextRead_fails_one_read_only()
    {
        var journal = new InMemoryJournal();
        await journal.WriteAsync([Entry("a", 1)]);
        journal.FailNextRead();

        await Assert.ThrowsAsync<IOException>(() => SequenceNrs(journal, "a"));

        Assert.Equal(new long[] { 1 }, await SequenceNrs(journal, "a"));
        journal.FailNextRead();
        await Assert.ThrowsAsync<IOException>(() => journal.ReadHighestSequenceNrAsync("a"));
        Assert.Equal(1, await journal.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task A_throwing_BeforeWrite_hook_fails_the_write_and_writes_nothing()
    {
        var journal = new InMemoryJournal { BeforeWrite = _ => throw new IOException("full") };

        await Assert.ThrowsAsync<IOException>(() => journal.WriteAsync([Entry("a", 1)]));

        Assert.Empty(await SequenceNrs(journal, "a"));
    }

    [Fact]
    public async Task Snapshot_faults_fail_one_call_only()
    {
        var store = new InMemorySnapshotStore();
        var snapshot = new SnapshotEntry("a", 1, "s", 1, "{}", DateTimeOffset.UnixEpoch);
        store.FailNextSave();
        await Assert.ThrowsAsync<IOException>(() => store.SaveAsync(snapshot));
        Assert.Null(await store.LoadLatestAsync("a"));

        await store.SaveAsync(snapshot);
        store.FailNextLoad();
        await Assert.ThrowsAsync<IOException>(() => store.LoadLatestAsync("a"));
        Assert.Equal(snapshot, await store.LoadLatestAsync("a"));
    }

    [Fact]
    public async Task Concurrent_appends_reads_and_deletes_keep_every_log_contiguous()
    {
        var journal = new InMemoryJournal(asynchronous: true);
        const int ids = 4;
        const int events = 200;
        var inconsistencies = 0;

        var writers = Enumerable.Range(0, ids).Select(i => Task.Run(async () =>
        {
            for (var n = 1; n <= events; n += 2) await journal.WriteAsync([Entry($"id{i}", n), Entry($"id{i}", n + 1)]);
        }));
        var deleters = Enumerable.Range(0, ids).Select(i => Task.Run(async () =>
        {
            for (var k = 0; k < 50; k++) await journal.DeleteToAsync($"id{i}", await journal.ReadHighestSequenceNrAsync($"id{i}") / 2);
        }));
        var readers = Enumerable.Range(0, ids).Select(i => Task.Run(async () =>
        {
            for (var k = 0; k < 100; k++)
            {
                var seen = await SequenceNrs(journal, $"id{i}");
                // Whatever a reader catches, it is a gapless run ending at an even number (batches of two).
                if (seen.Length > 0 && (seen[^1] % 2 != 0 || seen.Zip(seen.Skip(1)).Any(p => p.Second != p.First + 1)))
                    Interlocked.Increment(ref inconsistencies);
            }
        }));

        await Task.WhenAll([.. writers, .. deleters, .. readers]);

        Assert.Equal(0, inconsistencies);
        for (var i = 0; i < ids; i++) Assert.Equal(events, await journal.ReadHighestSequenceNrAsync($"id{i}"));
        var all = new List<JournalEntry>();
        await foreach (var e in journal.ReadAllAsync(0, int.MaxValue)) all.Add(e);
        Assert.Equal(all.Select(e => e.Ordering).Order(), all.Select(e => e.Ordering));
    }
}
