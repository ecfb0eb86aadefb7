using System.Buffers;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Charger.Actors.Charging;
using Charger.Actors.Metering;
using Charger.Actors.Serial;
using Charger.Actors.Station;
using Charger.Actors.Subscribers;
using Charger.Host.Http;
using Charger.Tests.TestKit;

namespace Charger.Tests.Host.Http;

/// <summary>
/// The cached body of <c>GET /api/status</c> (issue 19): the same bytes as the serializer's, from the same snapshot the
/// request read, encoded once per snapshot and never served for another one.
/// </summary>
public sealed class StatusBodyTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero));

    private ChargerHandle Handle(string id = "cp-1", MeterMonitor? meter = null) =>
        new(id, ActorRefs.Nobody, new ChargerOptions { Id = id }, new LinkMonitor(_time), new StatusMonitor(TimeSpan.FromSeconds(10), _time),
            new SubscriberMonitors(id), new ChargerEventSequence(), new FlightRecorder(64, _time), meter);

    /// <summary>What <c>/api/status</c> answered before the cache: StatusData and MeterData in the envelope, through the serializer.</summary>
    private static string Reference(ChargerHandle handle, ChargerStatus status, StatusFreshness freshness, DateTimeOffset now)
    {
        var link = new LinkMonitor(TimeProvider.System);
        link.MarkUp("/dev/ttyX");
        var data = StatusData.From(handle.Id, new StateTrackerActor.CurrentStatus(status, freshness, link.Current), now);
        data["meter"] = MeterData.From(handle.Meter, now);
        return JsonSerializer.Serialize(new ApiResponse(true, "Status retrieved successfully", data, now), ApiJson.Options);
    }

    private static string Body(ChargerHandle handle, ChargerStatus status, StatusFreshness freshness, DateTimeOffset now)
    {
        var output = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(output);
        StatusBody.Write(output, json, StatusBody.For(handle, status, freshness, linkUp: true), handle.Meter, now);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public static TheoryData<int> StateCodes() => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 99, -1];

    [Theory]
    [MemberData(nameof(StateCodes))]
    public void The_body_is_byte_for_byte_the_serializers_for_every_state_and_field(int state)
    {
        var handle = Handle();
        var received = _time.GetUtcNow().AddTicks(1234567);
        var full = new ChargerStatus
        {
            StateCode = state, Pilot = PilotState.VehicleConnected, PilotAdcCounts = 3925, CablePresent = true, ProximityAdcCounts = 2457,
            RelayFlag = true, LockFlag = state % 2 == 0, FaultUnlockDone = false, PwmDuty = 255, MaxCurrentAmps = 32, CableRatingAmps = 20,
            Authorized = true, PowerBoard = PowerBoardState.Ok, ReceivedAt = received,
        };
        var sparse = new ChargerStatus { StateCode = state, ReceivedAt = received.AddTicks(-1234567) };
        foreach (var status in new[] { full, sparse })
        foreach (var freshness in new[] { StatusFreshness.Fresh, StatusFreshness.Stale, StatusFreshness.Unknown })
        foreach (var after in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(299.4), TimeSpan.FromMilliseconds(1000.5), TimeSpan.FromDays(3.25), TimeSpan.FromSeconds(-2.0004) })
        {
            var now = received + after;
            Assert.Equal(Reference(handle, status, freshness, now), Body(handle, status, freshness, now));
        }
    }

    [Theory]
    [InlineData("cp-1")]
    [InlineData("garage \"left\" <b>&'+")]
    [InlineData("Ladesäule-Ø 充電")]
    [InlineData("tab\tnew\nline\\")]
    public void Charger_ids_are_escaped_as_the_serializer_escapes_them(string id)
    {
        var handle = Handle(id);
        var status = new ChargerStatus { StateCode = 3, CablePresent = true, ReceivedAt = _time.GetUtcNow() };
        Assert.Equal(Reference(handle, status, StatusFreshness.Fresh, _time.GetUtcNow()), Body(handle, status, StatusFreshness.Fresh, _time.GetUtcNow()));
    }

    [Fact]
    public void A_charger_with_a_meter_shows_the_reading_of_the_moment_of_the_request()
    {
        var options = new MeterOptions { PortPath = "/dev/ttyMETER", Model = MeterModel.Sdm630, Map = RegisterMap.Sdm630 };
        var meter = new MeterMonitor(options, _time);
        var handle = Handle(meter: meter);
        var status = new ChargerStatus { StateCode = 5, ReceivedAt = _time.GetUtcNow() };
        Assert.Equal(Reference(handle, status, StatusFreshness.Fresh, _time.GetUtcNow()), Body(handle, status, StatusFreshness.Fresh, _time.GetUtcNow()));

        meter.Link.MarkUp(options.PortPath);
        meter.Record(new MeterReading(_time.GetUtcNow(), 12345.67, 7360.04, [10.0004, 10.5, null], [230.04, 231.0, 229.96], [2300.0, 2420.1, 2640.0]));
        _time.Advance(TimeSpan.FromSeconds(1.5));
        var body = Body(handle, status, StatusFreshness.Fresh, _time.GetUtcNow());
        Assert.Equal(Reference(handle, status, StatusFreshness.Fresh, _time.GetUtcNow()), body);
        Assert.Contains("\"energy_import_wh\":12345.7", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_is_encoded_once_and_a_change_shows_in_the_next_body()
    {
        var handle = Handle("cp-once");
        var idle = new ChargerStatus { StateCode = 1, ReceivedAt = _time.GetUtcNow() };
        var first = StatusBody.For(handle, idle, StatusFreshness.Fresh, linkUp: true);
        for (var i = 0; i < 100; i++)
            Assert.Same(first, StatusBody.For(handle, idle, StatusFreshness.Fresh, linkUp: true)); // the same bytes, not encoded again

        // A new snapshot from the tracker, even one equal in every field but its arrival: the next body is the new one's.
        var connected = new ChargerStatus { StateCode = 3, CablePresent = true, ReceivedAt = _time.GetUtcNow().AddSeconds(1) };
        var second = StatusBody.For(handle, connected, StatusFreshness.Fresh, linkUp: true);
        Assert.Same(connected, second.Status);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("\"STATE\":3,", Body(handle, connected, StatusFreshness.Fresh, _time.GetUtcNow()), StringComparison.Ordinal);

        // The same snapshot gone stale is another body; so is the old snapshot coming back (never the cached one of another).
        var stale = StatusBody.For(handle, connected, StatusFreshness.Stale, linkUp: true);
        Assert.NotSame(second, stale);
        Assert.Contains("\"freshness\":\"STALE\"", Body(handle, connected, StatusFreshness.Stale, _time.GetUtcNow()), StringComparison.Ordinal);
        Assert.Same(idle, StatusBody.For(handle, idle, StatusFreshness.Fresh, linkUp: true).Status);

        // Another charger (or another daemon's charger of the same id) has its own entry.
        var other = Handle("cp-once");
        Assert.Same(connected, StatusBody.For(other, connected, StatusFreshness.Fresh, linkUp: true).Status);
        Assert.Same(idle, StatusBody.For(handle, idle, StatusFreshness.Fresh, linkUp: true).Status);
    }

    [Fact]
    public async Task Concurrent_readers_get_the_snapshot_they_read_while_the_tracker_replaces_it()
    {
        var handle = Handle("cp-race");
        ChargerStatus? published = new() { StateCode = 0, ReceivedAt = _time.GetUtcNow() };
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var output = new ArrayBufferWriter<byte>();
            using var json = new Utf8JsonWriter(output);
            for (var i = 0; i < 20_000; i++)
            {
                var status = Volatile.Read(ref published)!;
                var encoded = StatusBody.For(handle, status, StatusFreshness.Fresh, linkUp: true);
                Assert.Same(status, encoded.Status);
                output.ResetWrittenCount();
                StatusBody.Write(output, json, encoded, null, status.ReceivedAt);
                using var body = JsonDocument.Parse(output.WrittenMemory);
                Assert.Equal(status.StateCode, body.RootElement.GetProperty("data").GetProperty("STATE").GetInt32());
            }
        })).ToArray();
        var writer = Task.Run(() =>
        {
            for (var i = 1; !readers.All(r => r.IsCompleted); i++)
                Volatile.Write(ref published, new ChargerStatus { StateCode = i % 9, ReceivedAt = _time.GetUtcNow().AddMilliseconds(i) });
        });
        await Task.WhenAll(readers);
        await writer;
    }
}
