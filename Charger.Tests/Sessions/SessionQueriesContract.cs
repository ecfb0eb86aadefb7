using Charger.Actors.Charging;
using Charger.Actors.Sessions.Projection;
using Charger.Actors.Sessions.Sqlite;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Queries;
using Charger.Tests.Sessions.Sqlite;

namespace Charger.Tests.Sessions;

public sealed class SqliteSessionQueriesTests : SessionQueriesContract, IAsyncLifetime
{
    private readonly TempDataDirectory _dir = new();
    private SqliteDatabase _database = null!;

    private SqliteSessionTables _tables = null!;

    protected override ISessionTablesWriter Tables => _tables;

    protected override ISessionQueries Queries => new SqliteSessionQueries(_database);

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.OpenAsync(_dir.Path);
        _tables = new SqliteSessionTables(_database);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public Task A_crash_between_a_batch_s_rows_and_its_offset_leaves_neither() =>
        ACrashBetweenRowsAndOffsetLeavesNeither(fault => _tables.BetweenRowsAndOffset = fault);
}

/// <summary>What every session query table answers, fed as the projection feeds it: batches of session events with their offset.</summary>
public abstract class SessionQueriesContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    protected abstract ISessionTablesWriter Tables { get; }

    protected abstract ISessionQueries Queries { get; }

    protected static SessionOpened Opened(string id, string? user, int minute, string charger = "cp-1") =>
        new(id, charger, user, T0.AddMinutes(minute), 5);

    /// <summary>One batch, as the projection applies it: the events with the offset moved past them.</summary>
    protected async Task Append(string charger, params ISessionEvent[] events)
    {
        _ = charger; // every event names its session; the charger is in SessionOpened
        var offset = await Tables.ReadOffsetAsync();
        Assert.True(await Tables.ApplyAsync(events, offset, offset + events.Length));
    }

    /// <summary>
    /// The projection's crash test: a failure between a batch's rows and its offset (here an exception inside the
    /// transaction, as a SIGKILL there would leave an uncommitted transaction) leaves neither, so the projection
    /// applies the batch again from the old offset, once.
    /// </summary>
    protected async Task ACrashBetweenRowsAndOffsetLeavesNeither(Action<Action?> setFault)
    {
        await Append("cp-1", Opened("s-1", "u", 0));
        var before = await Tables.ReadOffsetAsync();
        setFault(() => throw new IOException("killed between the rows and the offset"));
        await Assert.ThrowsAsync<IOException>(() => Tables.ApplyAsync([Opened("s-2", "u", 1)], before, before + 1));
        Assert.Equal(before, await Tables.ReadOffsetAsync());
        Assert.Null(await Queries.GetAsync("cp-1", "s-2"));

        setFault(null);
        Assert.True(await Tables.ApplyAsync([Opened("s-2", "u", 1)], before, before + 1));
        Assert.Equal(2, (await Queries.StatsAsync("cp-1")).Total);
        Assert.Equal(before + 1, await Tables.ReadOffsetAsync());
    }

    [Fact]
    public async Task A_batch_from_a_stale_offset_writes_nothing()
    {
        await Append("cp-1", Opened("s-1", "u", 0));
        var offset = await Tables.ReadOffsetAsync();
        // Another projection (a CLI import's, say) moved the offset: this one must start again from the stored one.
        Assert.False(await Tables.ApplyAsync([Opened("s-2", "u", 1)], offset - 1, offset + 1));
        Assert.Null(await Queries.GetAsync("cp-1", "s-2"));
        Assert.Equal(offset, await Tables.ReadOffsetAsync());
    }

    private async Task Session(string id, string? user, int minute, SessionStatus? endedAs, string charger = "cp-1")
    {
        var opened = Opened(id, user, minute, charger);
        await Append(charger, opened, new SessionEventRecorded(id, ChargerEventType.ChargeStarted, opened.At, 1, 4, 5));
        if (endedAs is { } status)
            await Append(charger,
                new SessionEventRecorded(id, ChargerEventType.ChargeStopped, opened.At.AddMinutes(30), 2, 5, 7),
                new SessionClosed(id, status, opened.At.AddMinutes(30), 7, "stopped"));
    }

    [Fact]
    public async Task Lists_newest_first_in_pages_with_the_total_and_filters_by_status_and_user()
    {
        for (var i = 0; i < 5; i++) await Session($"s-{i}", i % 2 == 0 ? "even" : "odd", i, SessionStatus.Completed);
        await Session("s-5", "even", 5, null);
        await Session("other", "even", 6, null, charger: "cp-2");

        var page = await Queries.ListAsync(new SessionFilter("cp-1", Limit: 2, Offset: 1));
        Assert.Equal(6, page.TotalCount);
        Assert.Equal(["s-4", "s-3"], page.Sessions.Select(s => s.SessionId));

        var completedEven = await Queries.ListAsync(new SessionFilter("cp-1", SessionStatus.Completed, "even"));
        Assert.Equal(3, completedEven.TotalCount);
        Assert.Equal(["s-4", "s-2", "s-0"], completedEven.Sessions.Select(s => s.SessionId));
        Assert.Equal(0, (await Queries.ListAsync(new SessionFilter("cp-1", SessionStatus.Faulted))).TotalCount);
        Assert.Empty((await Queries.ListAsync(new SessionFilter("cp-1", Offset: 10))).Sessions);

        Assert.Equal(new SessionStats(6, 1, 5, 0, 0), await Queries.StatsAsync("cp-1"));
        Assert.Equal("s-5", (await Queries.CurrentAsync("cp-1"))?.SessionId);
        Assert.Equal("other", (await Queries.CurrentAsync("cp-2"))?.SessionId);
        Assert.Null(await Queries.GetAsync("cp-1", "other")); // another charger's session
    }

    [Fact]
    public async Task Without_a_charger_a_list_has_every_chargers_sessions_newest_first_in_pages_with_the_total()
    {
        await Session("a-0", "u", 0, SessionStatus.Completed, charger: "cp-1");
        await Session("b-1", "u", 1, SessionStatus.Completed, charger: "cp-2");
        await Session("c-2", "v", 2, null, charger: "cp-3");
        await Session("a-3", "u", 3, null, charger: "cp-1");

        var page = await Queries.ListAsync(new SessionFilter(null, Limit: 2, Offset: 1));
        Assert.Equal(4, page.TotalCount);
        Assert.Equal(["c-2", "b-1"], page.Sessions.Select(s => s.SessionId));
        Assert.Equal(["cp-3", "cp-2"], page.Sessions.Select(s => s.ChargerId));

        var completed = await Queries.ListAsync(new SessionFilter(null, SessionStatus.Completed));
        Assert.Equal(2, completed.TotalCount);
        Assert.Equal(["b-1", "a-0"], completed.Sessions.Select(s => s.SessionId));
        var ofU = await Queries.ListAsync(new SessionFilter(null, UserId: "u"));
        Assert.Equal(3, ofU.TotalCount);
        Assert.Equal(["a-3", "b-1", "a-0"], ofU.Sessions.Select(s => s.SessionId));
        Assert.Equal(2, (await Queries.ListAsync(new SessionFilter("cp-1"))).TotalCount); // a charger's list is still its own
    }

    [Fact]
    public async Task A_session_keeps_its_fields_events_and_link_outages()
    {
        var opened = Opened("s-1", "driver-7", 0);
        await Append("cp-1", opened, new SessionEventRecorded("s-1", ChargerEventType.ChargeStarted, opened.At, 1, 4, 5));
        await Append("cp-1", new SessionLinkDegraded("s-1", T0.AddMinutes(1), "device gone"));
        Assert.Equal([(T0.AddMinutes(1), (DateTimeOffset?)null)], (await Queries.CurrentAsync("cp-1"))!.LinkDegraded.Select(p => (p.From, p.Until)));
        await Append("cp-1", new SessionLinkRestored("s-1", T0.AddMinutes(2)));
        await Append("cp-1",
            new SessionEventRecorded("s-1", ChargerEventType.FaultDetected, T0.AddMinutes(3), 2, 5, 8, "GF"),
            new SessionClosed("s-1", SessionStatus.Faulted, T0.AddMinutes(3), 8, "fault"));

        var session = (await Queries.GetAsync("CP-1".ToLowerInvariant(), "s-1"))!;
        Assert.Equal(("driver-7", SessionStatus.Faulted, 5, 8, "fault", 4), (session.UserId, session.Status, session.StartState, session.EndState, session.EndReason, session.EventCount));
        Assert.Equal((T0, T0.AddMinutes(3)), (session.StartedAt, session.EndedAt));
        Assert.Equal(180, session.DurationSeconds(T0.AddHours(5)));
        Assert.Null(session.EnergyKwh);
        Assert.Equal([(T0.AddMinutes(1), (DateTimeOffset?)T0.AddMinutes(2), "device gone")], session.LinkDegraded.Select(p => (p.From, p.Until, p.Reason)));

        var events = (await Queries.EventsAsync("cp-1", "s-1"))!;
        Assert.Equal([(1, "ChargeStarted"), (2, "LinkDown"), (3, "LinkUp"), (4, "FaultDetected")], events.Select(e => (e.Position, e.Type)));
        Assert.Equal((5, 8, "GF"), (events[3].FromState, events[3].ToState, events[3].Message));
        Assert.Null(await Queries.EventsAsync("cp-1", "nope"));
        Assert.Null(await Queries.CurrentAsync("cp-1"));
    }

    [Fact]
    public async Task Retention_deletes_sessions_that_ended_before_the_cut_and_keeps_open_ones()
    {
        await Session("old", "u", 0, SessionStatus.Completed); // ended at minute 30
        await Session("recent", "u", 60, SessionStatus.Cancelled); // ended at minute 90
        await Session("open", "u", -600, null);

        Assert.Equal(1, await Queries.DeleteEndedBeforeAsync(T0.AddMinutes(60)));

        Assert.Equal(["recent", "open"], (await Queries.ListAsync(new SessionFilter("cp-1"))).Sessions.Select(s => s.SessionId));
        Assert.Null(await Queries.EventsAsync("cp-1", "old"));
        // An open session is never deleted and keeps being recorded.
        await Append("cp-1", new SessionEventRecorded("open", ChargerEventType.ChargePaused, T0, 3, 5, 6));
        Assert.Equal(2, (await Queries.GetAsync("cp-1", "open"))!.EventCount);
    }
}
