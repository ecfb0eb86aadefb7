using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Charger.Actors.Subscribers;
using Charger.Host.Cluster;
using Charger.Host.Operations;
using Charger.Tests.Subscribers;
using Charger.Tests.TestKit;

namespace Charger.Tests.Host.Operations;

/// <summary>
/// The stream writer on a pipe with a manual clock: keepalive timing and what a slow client is told.
/// (The HTTP side of the stream is covered end to end in EndToEnd/EventStreamTests.)
/// </summary>
public sealed class EventStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private readonly ManualTimeProvider _time = new();
    private readonly Pipe _pipe = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _received = new();
    private Task? _run;

    private void Run(EventHubSubscription subscription, string? chargerId = null, Action<long>? dropped = null, long? requestedId = null,
        EventResumePlan? resume = null)
    {
        var stream = new EventStream(subscription, _pipe.Writer, _time, KeepAlive, chargerId, dropped, resume);
        _run = stream.RunAsync(requestedId, _stop.Token);
    }

    /// <summary>Reads the pipe until its text contains <paramref name="expected"/>; returns all text so far.</summary>
    private async Task<string> ReadUntil(string expected)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!_received.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var result = await _pipe.Reader.ReadAsync(deadline.Token);
            foreach (var segment in result.Buffer) _received.Append(Encoding.UTF8.GetString(segment.Span));
            _pipe.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) break;
        }
        return _received.ToString();
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(10);
        }
    }

    private Task AwaitKeepAliveTimer() => Until(() => _time.ActiveTimerCount > 0, "the keepalive timer");

    [Fact]
    public async Task A_quiet_stream_gets_a_comment_line_at_each_keepalive_interval_and_not_before()
    {
        var hub = new ChargerEventHub();
        using var subscription = hub.Subscribe();
        Run(subscription);

        await AwaitKeepAliveTimer();
        _time.Advance(KeepAlive - TimeSpan.FromSeconds(1));
        hub.Publish(TestSinks.Event(1));
        var text = await ReadUntil("\n\n");
        Assert.StartsWith("id: 1\nevent: STATE_CHANGED\ndata: {", text, StringComparison.Ordinal);
        Assert.DoesNotContain("keepalive", text, StringComparison.Ordinal);

        // The interval counts from the last write, not from the start.
        await AwaitKeepAliveTimer();
        _time.Advance(KeepAlive - TimeSpan.FromSeconds(1));
        hub.Publish(TestSinks.Event(2));
        text = await ReadUntil("id: 2");
        Assert.DoesNotContain("keepalive", text, StringComparison.Ordinal);
        await ReadUntil("}\n\n");
        await AwaitKeepAliveTimer();
        _time.Advance(KeepAlive);
        text = await ReadUntil(": keepalive\n\n");
        Assert.EndsWith("}\n\n: keepalive\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_charger_stream_skips_other_chargers_and_still_keeps_alive()
    {
        var hub = new ChargerEventHub();
        using var subscription = hub.Subscribe();
        Run(subscription, chargerId: "cp-2");

        await AwaitKeepAliveTimer();
        hub.Publish(TestSinks.Event(1)); // cp-1: not for this client
        hub.Publish(TestSinks.Event(2) with { ChargerId = "cp-2" });
        var text = await ReadUntil("}\n\n");
        Assert.StartsWith("id: 2\n", text, StringComparison.Ordinal);

        // Ten seconds later a busy other charger must not put the keepalive off: it is due 15 s after the last write.
        await AwaitKeepAliveTimer();
        _time.Advance(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 3; i++) hub.Publish(TestSinks.Event(3 + i));
        await Until(() => subscription.Reader.Count == 0, "the other charger's events to be read");
        await AwaitKeepAliveTimer();
        _time.Advance(TimeSpan.FromSeconds(5));
        text = await ReadUntil(": keepalive");
        Assert.DoesNotContain("id: 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("id: 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_fell_behind_gets_a_gap_event_with_the_count_before_what_is_left()
    {
        var hub = new ChargerEventHub(window: 10, readerCapacity: 2);
        using var subscription = hub.Subscribe();
        for (var i = 1; i <= 5; i++) hub.Publish(TestSinks.Event(i)); // nobody reads: 1..3 are dropped
        long reported = 0;
        Run(subscription, dropped: n => reported += n);

        var text = await ReadUntil("id: 5");
        await ReadUntil("}\n\n");
        var messages = _received.ToString().Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event: gap\ndata: ", messages[0], StringComparison.Ordinal);
        var gap = JsonDocument.Parse(messages[0]["event: gap\ndata: ".Length..]).RootElement;
        Assert.Equal("dropped", gap.GetProperty("reason").GetString());
        Assert.Equal(3, gap.GetProperty("dropped").GetInt64());
        Assert.StartsWith("id: 4\n", messages[1], StringComparison.Ordinal);
        Assert.StartsWith("id: 5\n", messages[2], StringComparison.Ordinal);
        Assert.Equal(3, reported);
        Assert.DoesNotContain("id: 1\n", text, StringComparison.Ordinal);
    }

    private static Charger.Actors.Charging.ChargerEvent Of(string charger, long sequence) => TestSinks.Event(sequence) with { ChargerId = charger };

    [Fact]
    public async Task A_resumed_site_stream_writes_its_gaps_then_the_replay_then_live_events_less_those_replayed_with_positions_as_ids()
    {
        var hub = new ChargerEventHub();
        using var subscription = hub.SubscribeLive(out _);
        // The client had cp-1 up to 3 and cp-2 up to 7; cp-2's events after 7 are partly gone, its newest is 9.
        var start = EventPosition.Empty.With("cp-1", 3).With("cp-2", 7);
        var plan = SiteEventReplayPlan(start, [Of("cp-1", 4), Of("cp-1", 5), Of("cp-2", 9)], [new EventResumePlan.Gap("cp-2", 7, 9)]);
        // Live events that raced the replay: cp-1 5 was in it; cp-1 6 and cp-2 10 were not.
        hub.Publish(Of("cp-1", 5));
        hub.Publish(Of("cp-1", 6));
        hub.Publish(Of("cp-2", 10));
        Run(subscription, resume: plan);

        await ReadUntil("id: cp-1:6,cp-2:10\n");
        await ReadUntil("}\n\n");
        var messages = _received.ToString().Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event: gap\ndata: ", messages[0], StringComparison.Ordinal);
        var gap = JsonDocument.Parse(messages[0]["event: gap\ndata: ".Length..]).RootElement;
        Assert.Equal(("evicted", "cp-2", 7L), (gap.GetProperty("reason").GetString(), gap.GetProperty("charger_id").GetString(),
            gap.GetProperty("last_sequence").GetInt64()));
        Assert.Equal(["id: cp-1:4,cp-2:9", "id: cp-1:5,cp-2:9", "id: cp-1:5,cp-2:9", "id: cp-1:6,cp-2:9", "id: cp-1:6,cp-2:10"],
            messages.Skip(1).Select(m => m.Split('\n')[0]));
        Assert.Contains("\"sequence\":9", messages[3], StringComparison.Ordinal); // the replay's cp-2 9, then live cp-1 6: 5 was not written twice
        Assert.Equal(6, messages.Length);
    }

    private static EventResumePlan SiteEventReplayPlan(EventPosition client, Charger.Actors.Charging.ChargerEvent[] events, EventResumePlan.Gap[] gaps) =>
        new(gaps.Aggregate(client, (p, g) => p.With(g.ChargerId, g.Last)), events, gaps);

    [Fact]
    public async Task A_new_site_stream_numbers_by_charger_from_where_each_stood()
    {
        var hub = new ChargerEventHub();
        hub.Publish(Of("cp-2", 41));
        using var subscription = hub.SubscribeLive(out var now);
        Run(subscription, resume: EventResumePlan.StartingAt(now));
        await AwaitKeepAliveTimer();
        hub.Publish(Of("cp-1", 1));
        var text = await ReadUntil("}\n\n");
        Assert.StartsWith("id: cp-1:1,cp-2:41\nevent: STATE_CHANGED\ndata: {", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_ends_the_stream_without_an_error()
    {
        var hub = new ChargerEventHub();
        using var subscription = hub.Subscribe();
        Run(subscription);
        await AwaitKeepAliveTimer();

        await _stop.CancelAsync();

        await _run!.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(_run.IsCompletedSuccessfully);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null) await _run.WaitAsync(TimeSpan.FromSeconds(15));
        _stop.Dispose();
    }
}
