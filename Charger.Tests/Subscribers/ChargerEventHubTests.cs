using Charger.Actors.Subscribers;

namespace Charger.Tests.Subscribers;

public sealed class ChargerEventHubTests
{
    private static List<StreamedEvent> Drain(EventHubSubscription s)
    {
        var all = new List<StreamedEvent>();
        while (s.Reader.TryRead(out var e)) all.Add(e);
        return all;
    }

    [Fact]
    public void Readers_get_events_published_after_they_subscribe_numbered_across_chargers()
    {
        var hub = new ChargerEventHub();
        hub.Publish(TestSinks.Event(1));
        using var reader = hub.Subscribe();
        hub.Publish(TestSinks.Event(2));
        hub.Publish(TestSinks.Event(1) with { ChargerId = "cp-2" });

        var got = Drain(reader);
        Assert.Equal([2L, 3L], got.Select(e => e.Id));
        Assert.Equal(["cp-1", "cp-2"], got.Select(e => e.Event.ChargerId));
        Assert.False(reader.Gap);
    }

    [Fact]
    public void A_reader_resuming_from_its_last_event_id_gets_what_it_missed_then_live_events()
    {
        var hub = new ChargerEventHub(window: 10);
        for (var i = 1; i <= 5; i++) hub.Publish(TestSinks.Event(i));
        using var reader = hub.Subscribe(lastEventId: 3);
        hub.Publish(TestSinks.Event(6));
        Assert.Equal([4L, 5L, 6L], Drain(reader).Select(e => e.Id));
        Assert.False(reader.Gap);
    }

    [Fact]
    public void Resuming_from_before_the_window_or_from_an_earlier_run_reports_a_gap()
    {
        var hub = new ChargerEventHub(window: 3);
        for (var i = 1; i <= 6; i++) hub.Publish(TestSinks.Event(i));

        using var late = hub.Subscribe(lastEventId: 1);
        Assert.True(late.Gap);
        Assert.Equal([4L, 5L, 6L], Drain(late).Select(e => e.Id));

        using var exact = hub.Subscribe(lastEventId: 3);
        Assert.False(exact.Gap);
        Assert.Equal([4L, 5L, 6L], Drain(exact).Select(e => e.Id));

        using var previousRun = hub.Subscribe(lastEventId: 900);
        Assert.True(previousRun.Gap);
        Assert.Equal([4L, 5L, 6L], Drain(previousRun).Select(e => e.Id));
    }

    private static Charger.Actors.Charging.ChargerEvent Of(string charger, long sequence) => TestSinks.Event(sequence) with { ChargerId = charger };

    [Fact]
    public void A_chargers_replay_has_its_kept_events_after_a_sequence_and_says_gap_only_when_some_are_gone()
    {
        var hub = new ChargerEventHub(window: 4);
        foreach (var (charger, sequence) in new[] { ("cp-1", 1L), ("cp-2", 7L), ("cp-1", 2L), ("cp-2", 8L), ("cp-1", 3L), ("cp-1", 4L) })
            hub.Publish(Of(charger, sequence));
        // The window holds cp-1 2..4 and cp-2 8 now: cp-1 1 and cp-2 7 left it.

        var after2 = hub.ReplayOf("cp-1", 2);
        Assert.Equal([3L, 4L], after2.Events.Select(e => e.Sequence));
        Assert.False(after2.Gap);
        Assert.Equal(4, after2.Last);
        Assert.False(hub.ReplayOf("cp-1", 1).Gap); // exactly the one that left: nothing after it is missing
        Assert.Equal([2L, 3L, 4L], hub.ReplayOf("cp-1", 1).Events.Select(e => e.Sequence));
        Assert.True(hub.ReplayOf("cp-1", 0).Gap);
        Assert.Empty(hub.ReplayOf("cp-1", 4).Events);

        // cp-2 7 left the window, and the hub never had what came before it.
        Assert.True(hub.ReplayOf("cp-2", 5).Gap);
        Assert.False(hub.ReplayOf("cp-2", 7).Gap);

        // A sequence beyond the newest is from an earlier run of the charger's node: every kept event, and a gap.
        var earlier = hub.ReplayOf("cp-2", 900);
        Assert.True(earlier.Gap);
        Assert.Equal([8L], earlier.Events.Select(e => e.Sequence));

        // No position for a charger (the client never got one of its events): all kept, gap if the hub lacks its first.
        Assert.Equal([2L, 3L, 4L], hub.ReplayOf("cp-1", null).Events.Select(e => e.Sequence));
        Assert.False(hub.ReplayOf("cp-3", null).Gap);
        Assert.True(hub.ReplayOf("cp-3", 2).Gap);
        Assert.Equal(["cp-1", "cp-2"], hub.Chargers.Order());
    }

    [Fact]
    public void A_live_reader_starts_at_each_chargers_newest_sequence_and_gets_only_later_events()
    {
        var hub = new ChargerEventHub();
        hub.Publish(Of("cp-1", 5));
        hub.Publish(Of("cp-2", 9));
        using var all = hub.SubscribeLive(out var position);
        using var one = hub.SubscribeLive(out var onePosition, "cp-2");
        hub.Publish(Of("cp-1", 6));

        Assert.Equal("cp-1:5,cp-2:9", position.ToString());
        Assert.Equal("cp-2:9", onePosition.ToString());
        Assert.Equal([6L], Drain(all).Select(e => e.Event.Sequence));
    }

    [Fact]
    public void A_reader_that_does_not_read_loses_its_own_oldest_events_and_no_one_elses()
    {
        var hub = new ChargerEventHub(readerCapacity: 4);
        using var stalled = hub.Subscribe();
        using var reading = hub.Subscribe();
        var seen = new List<long>();
        for (var i = 1; i <= 10; i++)
        {
            hub.Publish(TestSinks.Event(i));
            seen.AddRange(Drain(reading).Select(e => e.Id));
        }
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), seen);
        Assert.Equal([7L, 8L, 9L, 10L], Drain(stalled).Select(e => e.Id));
        Assert.Equal(6, stalled.Dropped);
        Assert.Equal(0, reading.Dropped);
    }

    [Fact]
    public async Task A_disposed_reader_is_removed_and_its_stream_completes()
    {
        var hub = new ChargerEventHub();
        var reader = hub.Subscribe();
        Assert.Equal(1, hub.ReaderCount);
        reader.Dispose();
        Assert.Equal(0, hub.ReaderCount);
        hub.Publish(TestSinks.Event(1));
        Assert.False(await reader.Reader.WaitToReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
