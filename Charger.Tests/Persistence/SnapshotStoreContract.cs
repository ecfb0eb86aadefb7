using Charger.Actors.Persistence;

namespace Charger.Tests.Persistence;

/// <summary>
/// What every <see cref="ISnapshotStore"/> must do. A store's tests subclass this and implement
/// <see cref="CreateSnapshotStoreAsync"/>. Each test uses its own persistence ids, so a store may
/// share one database between tests. Timestamps have whole milliseconds and offset zero.
/// </summary>
public abstract class SnapshotStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, 456, TimeSpan.Zero);

    private ISnapshotStore? _store;

    /// <summary>The store under test, created before each test by <see cref="CreateSnapshotStoreAsync"/>.</summary>
    protected ISnapshotStore Store => _store ?? throw new InvalidOperationException("InitializeAsync has not run.");

    protected abstract Task<ISnapshotStore> CreateSnapshotStoreAsync();

    public virtual async Task InitializeAsync() => _store = await CreateSnapshotStoreAsync();

    /// <summary>Disposes the store if it is disposable; override to also delete files or schemas (call base).</summary>
    public virtual async Task DisposeAsync()
    {
        switch (_store)
        {
            case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
            case IDisposable disposable: disposable.Dispose(); break;
        }
    }

    protected static string NewId(string prefix = "pid") => $"{prefix}-{Guid.NewGuid():N}";

    protected static SnapshotEntry Snapshot(string persistenceId, long sequenceNr, string? payload = null, string manifest = "test-state", int version = 1) =>
        new(persistenceId, sequenceNr, manifest, version, payload ?? $$"""{"at":{{sequenceNr}}}""", Start.AddSeconds(sequenceNr));

    [Fact]
    public async Task A_saved_snapshot_loads_with_every_field_intact()
    {
        var id = NewId();
        var saved = Snapshot(id, 42, """{"sessions":3,"kWh":12.5}""", "station-state", 4);
        await Store.SaveAsync(saved);

        var loaded = await Store.LoadLatestAsync(id);

        Assert.Equal(saved, loaded);
    }

    [Fact]
    public async Task An_unknown_id_has_no_snapshot()
    {
        Assert.Null(await Store.LoadLatestAsync(NewId()));
    }

    [Fact]
    public async Task The_latest_snapshot_is_the_one_with_the_highest_sequence_number()
    {
        var id = NewId();
        await Store.SaveAsync(Snapshot(id, 20));
        await Store.SaveAsync(Snapshot(id, 30));
        await Store.SaveAsync(Snapshot(id, 10)); // saved last, but older

        var loaded = await Store.LoadLatestAsync(id);

        Assert.Equal(30, loaded!.SequenceNr);
        Assert.Equal("""{"at":30}""", loaded.Payload);
    }

    [Fact]
    public async Task A_maximum_sequence_number_selects_the_latest_at_or_below_it()
    {
        var id = NewId();
        foreach (var n in new long[] { 10, 20, 30 }) await Store.SaveAsync(Snapshot(id, n));

        Assert.Equal(20, (await Store.LoadLatestAsync(id, 29))!.SequenceNr);
        Assert.Equal(20, (await Store.LoadLatestAsync(id, 20))!.SequenceNr);
        Assert.Equal(10, (await Store.LoadLatestAsync(id, 19))!.SequenceNr);
        Assert.Equal(30, (await Store.LoadLatestAsync(id, long.MaxValue))!.SequenceNr);
        Assert.Null(await Store.LoadLatestAsync(id, 9));
    }

    [Fact]
    public async Task Saving_the_same_sequence_number_again_replaces_the_snapshot()
    {
        var id = NewId();
        await Store.SaveAsync(Snapshot(id, 5, """{"v":"old"}"""));
        await Store.SaveAsync(Snapshot(id, 5, """{"v":"new"}""", version: 2));

        var loaded = await Store.LoadLatestAsync(id);

        Assert.Equal("""{"v":"new"}""", loaded!.Payload);
        Assert.Equal(2, loaded.SchemaVersion);
        await Store.DeleteToAsync(id, 4);
        Assert.NotNull(await Store.LoadLatestAsync(id));
        await Store.DeleteToAsync(id, 5);
        Assert.Null(await Store.LoadLatestAsync(id)); // replaced, not kept beside
    }

    [Fact]
    public async Task DeleteTo_removes_snapshots_at_or_below_the_number_and_keeps_later_ones()
    {
        var id = NewId();
        foreach (var n in new long[] { 10, 20, 30 }) await Store.SaveAsync(Snapshot(id, n));

        await Store.DeleteToAsync(id, 20);

        Assert.Equal(30, (await Store.LoadLatestAsync(id))!.SequenceNr);
        Assert.Null(await Store.LoadLatestAsync(id, 29));

        await Store.DeleteToAsync(id, long.MaxValue);
        Assert.Null(await Store.LoadLatestAsync(id));
    }

    [Fact]
    public async Task DeleteTo_of_an_unknown_id_does_nothing()
    {
        var id = NewId();
        await Store.DeleteToAsync(id, 100);
        Assert.Null(await Store.LoadLatestAsync(id));
    }

    [Fact]
    public async Task Persistence_ids_are_isolated()
    {
        var a = NewId("a");
        var b = NewId("b");
        await Store.SaveAsync(Snapshot(a, 7, """{"owner":"a"}"""));
        await Store.SaveAsync(Snapshot(b, 7, """{"owner":"b"}"""));

        await Store.DeleteToAsync(a, long.MaxValue);

        Assert.Null(await Store.LoadLatestAsync(a));
        Assert.Equal("""{"owner":"b"}""", (await Store.LoadLatestAsync(b))!.Payload);
    }

    [Fact]
    public async Task Concurrent_saves_for_different_ids_are_all_kept()
    {
        var ids = Enumerable.Range(0, 8).Select(i => NewId($"s{i}")).ToArray();

        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            for (var n = 1; n <= 20; n++) await Store.SaveAsync(Snapshot(id, n));
        })));

        foreach (var id in ids)
        {
            var latest = await Store.LoadLatestAsync(id);
            Assert.Equal(id, latest!.PersistenceId);
            Assert.Equal(20, latest.SequenceNr);
        }
    }

    [Fact]
    public async Task Large_and_unicode_payloads_round_trip()
    {
        var id = NewId("zustand-ü-日本-⚡");
        var payload = """{"text":"Grüße, 你好, 🔌⚡, \"quoted\" and back\\slash","blob":""" + "\"" + new string('y', 2 * 1024 * 1024) + "\"}";
        var saved = Snapshot(id, 1, payload, "stations-zustand-é-🚗");
        await Store.SaveAsync(saved);

        var loaded = await Store.LoadLatestAsync(id);

        Assert.Equal(saved, loaded);
    }
}
