using Charger.Actors.Persistence;

namespace Charger.Tests.Persistence;

/// <summary>
/// What every <see cref="IJournal"/> must do. A store's tests subclass this and implement
/// <see cref="CreateJournalAsync"/>; xunit runs every test below against it. Each test uses its own
/// persistence ids (random suffixes), so a store may share one database between tests; the
/// <c>ReadAllAsync</c> tests look only at their own ids' entries. Timestamps have whole
/// milliseconds and offset zero, which every store can keep exactly.
/// </summary>
public abstract class JournalContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    private IJournal? _journal;

    /// <summary>The journal under test, created before each test by <see cref="CreateJournalAsync"/>.</summary>
    protected IJournal Journal => _journal ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>Creates the store under test (a fresh or shared database; see the class remarks).</summary>
    protected abstract Task<IJournal> CreateJournalAsync();

    public virtual async Task InitializeAsync() => _journal = await CreateJournalAsync();

    /// <summary>Disposes the journal if it is disposable; override to also delete files or schemas (call base).</summary>
    public virtual async Task DisposeAsync()
    {
        switch (_journal)
        {
            case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
            case IDisposable disposable: disposable.Dispose(); break;
        }
    }

    protected static string NewId(string prefix = "pid") => $"{prefix}-{Guid.NewGuid():N}";

    protected static JournalEntry Entry(string persistenceId, long sequenceNr, string? payload = null, string manifest = "test-event", int version = 1) =>
        new(persistenceId, sequenceNr, manifest, version, payload ?? $$"""{"n":{{sequenceNr}}}""", Start.AddSeconds(sequenceNr));

    protected static JournalEntry[] Entries(string persistenceId, long from, long to) =>
        [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(n => Entry(persistenceId, n))];

    protected async Task<List<JournalEntry>> ReplayAll(string persistenceId, long from = 1, long to = long.MaxValue, long max = long.MaxValue)
    {
        var result = new List<JournalEntry>();
        await foreach (var entry in Journal.ReplayAsync(persistenceId, from, to, max)) result.Add(entry);
        return result;
    }

    /// <summary>All entries of the given ids from the global order, read in pages of <paramref name="pageSize"/>.</summary>
    protected async Task<List<JournalEntry>> ReadAllOf(IReadOnlySet<string> ids, int pageSize = 1000)
    {
        var result = new List<JournalEntry>();
        var after = 0L;
        while (true)
        {
            var page = new List<JournalEntry>();
            await foreach (var entry in Journal.ReadAllAsync(after, pageSize)) page.Add(entry);
            Assert.True(page.Count <= pageSize, $"ReadAllAsync returned {page.Count} entries for max {pageSize}.");
            if (page.Count == 0) return result;
            foreach (var entry in page)
            {
                Assert.True(entry.Ordering > after, $"Ordering {entry.Ordering} is not after {after}.");
                after = entry.Ordering;
                if (ids.Contains(entry.PersistenceId)) result.Add(entry);
            }
        }
    }

    private static void AssertSameEvent(JournalEntry expected, JournalEntry actual)
    {
        Assert.Equal(expected.PersistenceId, actual.PersistenceId);
        Assert.Equal(expected.SequenceNr, actual.SequenceNr);
        Assert.Equal(expected.Manifest, actual.Manifest);
        Assert.Equal(expected.SchemaVersion, actual.SchemaVersion);
        Assert.Equal(expected.Payload, actual.Payload);
        Assert.Equal(expected.Timestamp, actual.Timestamp);
    }

    [Fact]
    public async Task Written_entries_replay_in_sequence_order_with_every_field_intact()
    {
        var id = NewId();
        var written = new[] { Entry(id, 1, manifest: "charge-started", version: 3), Entry(id, 2), Entry(id, 3, manifest: "charge-ended", version: 7) };
        await Journal.WriteAsync(written[..1]);
        await Journal.WriteAsync(written[1..]);

        var replayed = await ReplayAll(id);

        Assert.Equal(3, replayed.Count);
        for (var i = 0; i < written.Length; i++) AssertSameEvent(written[i], replayed[i]);
        Assert.All(replayed, e => Assert.True(e.Ordering > 0, "The store assigns an ordering on write."));
    }

    [Fact]
    public async Task Replay_honours_the_inclusive_range_and_the_maximum()
    {
        var id = NewId();
        await Journal.WriteAsync(Entries(id, 1, 10));

        Assert.Equal([3L, 4, 5, 6], (await ReplayAll(id, 3, 6)).Select(e => e.SequenceNr));
        Assert.Equal([3L, 4], (await ReplayAll(id, 3, 6, max: 2)).Select(e => e.SequenceNr));
        Assert.Equal([10L], (await ReplayAll(id, 10, long.MaxValue)).Select(e => e.SequenceNr));
        Assert.Equal([7L], (await ReplayAll(id, 7, 7)).Select(e => e.SequenceNr));
        Assert.Empty(await ReplayAll(id, 11, long.MaxValue));
        Assert.Empty(await ReplayAll(id, 6, 3));
        Assert.Empty(await ReplayAll(id, 1, 10, max: 0));
    }

    [Fact]
    public async Task An_unknown_id_has_no_entries_and_highest_sequence_number_zero()
    {
        var id = NewId();
        Assert.Empty(await ReplayAll(id));
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync(id));
    }

    [Fact]
    public async Task Highest_sequence_number_follows_the_writes()
    {
        var id = NewId();
        await Journal.WriteAsync(Entries(id, 1, 3));
        Assert.Equal(3, await Journal.ReadHighestSequenceNrAsync(id));
        await Journal.WriteAsync(Entries(id, 4, 4));
        Assert.Equal(4, await Journal.ReadHighestSequenceNrAsync(id));
    }

    [Fact]
    public async Task A_taken_sequence_number_is_a_conflict_and_the_batch_writes_nothing()
    {
        var id = NewId();
        await Journal.WriteAsync(Entries(id, 1, 2));

        var batch = new[] { Entry(id, 2, """{"second":"writer"}"""), Entry(id, 3, """{"second":"writer"}""") };
        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() => Journal.WriteAsync(batch));

        Assert.Equal(id, conflict.PersistenceId);
        Assert.InRange(conflict.SequenceNr, 2, 3);
        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync(id));
        var replayed = await ReplayAll(id);
        Assert.Equal([1L, 2], replayed.Select(e => e.SequenceNr));
        Assert.Equal("""{"n":2}""", replayed[1].Payload);
    }

    [Fact]
    public async Task The_same_entry_written_twice_is_a_conflict()
    {
        var id = NewId();
        await Journal.WriteAsync([Entry(id, 1)]);
        await Assert.ThrowsAsync<JournalConflictException>(() => Journal.WriteAsync([Entry(id, 1)]));
        Assert.Single(await ReplayAll(id));
    }

    [Fact]
    public async Task A_batch_is_written_whole()
    {
        var id = NewId();
        await Journal.WriteAsync(Entries(id, 1, 50));

        var replayed = await ReplayAll(id);

        Assert.Equal(Enumerable.Range(1, 50).Select(n => (long)n), replayed.Select(e => e.SequenceNr));
        Assert.Equal(50, await Journal.ReadHighestSequenceNrAsync(id));
        var orderings = replayed.Select(e => e.Ordering).ToArray();
        Assert.Equal(orderings.Order(), orderings);
        Assert.Equal(50, orderings.Distinct().Count());
    }

    [Fact]
    public async Task DeleteTo_removes_entries_up_to_the_number_and_keeps_the_highest_sequence_number()
    {
        var id = NewId();
        await Journal.WriteAsync(Entries(id, 1, 5));

        await Journal.DeleteToAsync(id, 3);
        Assert.Equal([4L, 5], (await ReplayAll(id)).Select(e => e.SequenceNr));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(id));

        await Journal.DeleteToAsync(id, long.MaxValue);
        Assert.Empty(await ReplayAll(id));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(id));

        await Journal.WriteAsync([Entry(id, 6)]);
        Assert.Equal([6L], (await ReplayAll(id)).Select(e => e.SequenceNr));
        Assert.Equal(6, await Journal.ReadHighestSequenceNrAsync(id));
    }

    [Fact]
    public async Task DeleteTo_of_an_unknown_id_does_nothing()
    {
        var id = NewId();
        await Journal.DeleteToAsync(id, 10);
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync(id));
        await Journal.WriteAsync(Entries(id, 1, 2));
        Assert.Equal(2, (await ReplayAll(id)).Count);
    }

    [Fact]
    public async Task Persistence_ids_are_isolated()
    {
        var a = NewId("a");
        var b = NewId("b");
        await Journal.WriteAsync(Entries(a, 1, 3));
        await Journal.WriteAsync(Entries(b, 1, 2)); // the same numbers under another id are no conflict

        await Journal.DeleteToAsync(a, 3);

        Assert.Empty(await ReplayAll(a));
        Assert.Equal([b, b], (await ReplayAll(b)).Select(e => e.PersistenceId));
        Assert.Equal(3, await Journal.ReadHighestSequenceNrAsync(a));
        Assert.Equal(2, await Journal.ReadHighestSequenceNrAsync(b));
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync(a + "x"));
    }

    [Fact]
    public async Task ReadAll_returns_every_id_in_write_order_after_the_given_ordering_in_pages()
    {
        var a = NewId("a");
        var b = NewId("b");
        await Journal.WriteAsync([Entry(a, 1)]);
        await Journal.WriteAsync([Entry(b, 1)]);
        await Journal.WriteAsync(Entries(a, 2, 3));
        await Journal.WriteAsync([Entry(b, 2)]);
        var ids = new HashSet<string> { a, b };

        foreach (var pageSize in new[] { 1, 2, 1000 })
        {
            var all = await ReadAllOf(ids, pageSize);
            Assert.Equal([(a, 1L), (b, 1L), (a, 2L), (a, 3L), (b, 2L)], all.Select(e => (e.PersistenceId, e.SequenceNr)));
        }

        var mine = await ReadAllOf(ids);
        var afterSecond = new List<JournalEntry>();
        await foreach (var entry in Journal.ReadAllAsync(mine[1].Ordering, int.MaxValue))
            if (ids.Contains(entry.PersistenceId)) afterSecond.Add(entry);
        Assert.Equal(mine.Skip(2).Select(e => e.Ordering), afterSecond.Select(e => e.Ordering));
        AssertSameEvent(Entry(a, 2), afterSecond[0]);
    }

    [Fact]
    public async Task Concurrent_writers_to_different_ids_all_land_in_order()
    {
        const int writers = 8;
        const int eventsEach = 40;
        var ids = Enumerable.Range(0, writers).Select(i => NewId($"w{i}")).ToArray();

        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            for (var n = 1; n <= eventsEach; n++) await Journal.WriteAsync([Entry(id, n)]);
        })));

        foreach (var id in ids)
        {
            Assert.Equal(Enumerable.Range(1, eventsEach).Select(n => (long)n), (await ReplayAll(id)).Select(e => e.SequenceNr));
            Assert.Equal(eventsEach, await Journal.ReadHighestSequenceNrAsync(id));
        }
        var all = await ReadAllOf(ids.ToHashSet());
        Assert.Equal(writers * eventsEach, all.Count);
        Assert.Equal(all.Count, all.Select(e => e.Ordering).Distinct().Count());
        foreach (var perId in all.GroupBy(e => e.PersistenceId))
            Assert.Equal(perId.Select(e => e.SequenceNr).Order(), perId.Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task Concurrent_writers_to_one_id_never_both_win_a_sequence_number()
    {
        var id = NewId();
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await Journal.WriteAsync([Entry(id, 1, $$"""{"writer":{{i}}}""")]);
                return true;
            }
            catch (JournalConflictException)
            {
                return false;
            }
        })).ToArray();

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Single(await ReplayAll(id));
    }

    [Fact]
    public async Task A_large_payload_round_trips()
    {
        var id = NewId();
        var big = "{\"blob\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        await Journal.WriteAsync([Entry(id, 1, big)]);

        var replayed = Assert.Single(await ReplayAll(id));

        Assert.Equal(big.Length, replayed.Payload.Length);
        Assert.Equal(big, replayed.Payload);
    }

    [Fact]
    public async Task Unicode_in_ids_manifests_and_payloads_round_trips()
    {
        var id = NewId("ladestation-ü-日本-⚡");
        const string manifest = "sitzung-gestartet-é-🚗";
        const string payload = """{"text":"Grüße, 你好, שלום, 🔌⚡, e\u0301, \"quoted\" and back\\slash","emoji":"👩‍🔧"}""";
        await Journal.WriteAsync([Entry(id, 1, payload, manifest)]);

        var replayed = Assert.Single(await ReplayAll(id));

        Assert.Equal(id, replayed.PersistenceId);
        Assert.Equal(manifest, replayed.Manifest);
        Assert.Equal(payload, replayed.Payload);
        Assert.Equal(1, await Journal.ReadHighestSequenceNrAsync(id));
    }
}
