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
