using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Charger.Host.Daemon;
using Charger.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>/api/events and /api/chargers/{id}/events of the real daemon, driven through the simulator API.</summary>
public sealed class EventStreamTests : IAsyncLifetime
{
    private static readonly string[] ChargeCycle =
        ["CABLE_CONNECTED", "EV_CONNECTED", "CHARGE_READY", "CHARGE_STARTED", "CHARGE_STOPPED", "CABLE_DISCONNECTED"];

    private RunningDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await RunningDaemon.StartAsync();
        await _daemon.AwaitStateAsync(1);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private int Readers => _daemon.App.Services.GetRequiredService<ChargerRuntime>().Hub.ReaderCount;

    private async Task Simulate(string command)
    {
        using var response = await _daemon.Control.PostAsync("/api/simulator", Json(JsonSerializer.Serialize(new { command })));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Data(ServerSentEvent e) => JsonDocument.Parse(e.Data!).RootElement;

    private static bool IsTransition(ServerSentEvent e) => Data(e).TryGetProperty("from_state", out _);

    /// <summary>Plug, connect, start via the API, charge, stop via the API, unplug; each step waits for its event on the stream.</summary>
    private async Task<List<ServerSentEvent>> RunChargeCycle(ServerSentEventClient stream)
    {
        var seen = new List<ServerSentEvent>();
        async Task Until(string type) => seen.AddRange(await stream.EventsUntilAsync(e => e.Event == type));

        await Simulate("plug 32");
        await Until("CABLE_CONNECTED");
        await Simulate("connect");
        await Until("EV_CONNECTED");
        using (var start = await _daemon.Control.PostAsync("/api/chargers/cp-1/charge/start", Json("{}")))
            Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
        await Until("CHARGE_READY");
        await Simulate("charge");
        await Until("CHARGE_STARTED");
        using (var stop = await _daemon.Control.PostAsync("/api/chargers/cp-1/charge/stop", null))
            Assert.True(stop.IsSuccessStatusCode, await stop.Content.ReadAsStringAsync());
        await Until("CHARGE_STOPPED");
        await Simulate("disconnect");
        await Simulate("unplug");
        await Until("CABLE_DISCONNECTED");
        return seen;
    }

    [Fact]
    public async Task A_charge_cycle_arrives_in_order_with_increasing_ids_as_event_and_json()
    {
        await using var stream = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/events");
        Assert.Equal("no-store", stream.Response.Headers.CacheControl?.ToString());

        var seen = await RunChargeCycle(stream);

        Assert.Equal(ChargeCycle, seen.Where(IsTransition).Select(e => e.Event));
        var ids = seen.Select(e => e.IdNumber).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var sequences = seen.Select(e => Data(e).GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range((int)sequences[0], sequences.Count).Select(i => (long)i), sequences); // nothing lost on the way
        foreach (var e in seen)
        {
            var data = Data(e);
            Assert.Equal(e.Event, data.GetProperty("type").GetString()); // the event name is the JSON's type
            Assert.Equal("cp-1", data.GetProperty("charger_id").GetString());
        }
        var started = Data(seen.Single(e => e.Event == "CHARGE_STARTED"));
        Assert.Equal("CHARGING", started.GetProperty("to_state_name").GetString());
        Assert.Equal(5, started.GetProperty("status").GetProperty("state").GetInt32());
    }

    [Fact]
    public async Task One_chargers_stream_carries_its_events_and_an_unknown_charger_is_404_in_the_envelope()
    {
        await using var stream = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/chargers/CP-1/events"); // ids are case-insensitive
        await Simulate("plug 32");
        var plugged = await stream.EventsUntilAsync(e => e.Event == "CABLE_CONNECTED");
        Assert.All(plugged, e => Assert.Equal("cp-1", Data(e).GetProperty("charger_id").GetString()));

        using var unknown = await _daemon.Reader.GetAsync("/api/chargers/cp-9/events");
        var body = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal("UNKNOWN_CHARGER", body.GetProperty("error_code").GetString());
        Assert.Contains("cp-9", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streams_need_a_key_and_a_bad_resume_id_is_a_400_naming_it()
    {
        foreach (var path in (string[])["/api/events", "/api/chargers/cp-1/events"])
        {
            using var anonymous = await _daemon.Anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("UNAUTHORIZED", (await anonymous.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString());
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Add("Last-Event-ID", "yesterday");
        using var badHeader = await _daemon.Reader.SendAsync(request);
        var body = await badHeader.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, badHeader.StatusCode);
        Assert.Equal("VALIDATION_FAILED", body.GetProperty("error_code").GetString());
        Assert.Equal("Last-Event-ID", body.GetProperty("data").GetProperty("field").GetString());

        using var badQuery = await _daemon.Reader.GetAsync("/api/events?last_event_id=-4");
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        Assert.Equal(0, Readers);
    }

    [Fact]
    public async Task Last_event_id_resumes_with_exactly_the_events_after_it_from_the_header_or_the_query()
    {
        List<ServerSentEvent> seen;
        await using (var first = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/events"))
            seen = await RunChargeCycle(first);

        var resumeAt = seen[2];
        var expected = seen.Skip(3).Select(e => (e.Id, e.Event, e.Data)).ToList();
        await using (var resumed = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/events", lastEventId: resumeAt.Id))
        {
            var replay = await resumed.EventsUntilAsync(e => e.Id == seen[^1].Id);
            Assert.Equal(expected, replay.Select(e => (e.Id, e.Event, e.Data)));
        }
        await using (var byQuery = await ServerSentEventClient.OpenAsync(_daemon.Reader, $"/api/chargers/cp-1/events?last_event_id={resumeAt.Id}"))
        {
            var replay = await byQuery.EventsUntilAsync(e => e.Id == seen[^1].Id);
            Assert.Equal(expected, replay.Select(e => (e.Id, e.Event, e.Data)));
        }
    }

    [Fact]
    public async Task A_single_host_still_writes_and_resumes_the_hub_ids_of_the_last_release_and_also_resumes_a_site_streams_id()
    {
        List<ServerSentEvent> seen;
        await using (var first = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/events"))
            seen = await RunChargeCycle(first);
        Assert.All(seen, e => Assert.Matches("^[0-9]+$", e.Id!)); // the ids a client of the last release kept

        var resumeAt = seen[2];
        var expected = seen.Skip(3).Select(e => (e.Event, e.Data)).ToList();
        // A site stream's id (a client that comes from a site cluster, or a node that became a single host): per charger.
        var position = $"cp-1:{Data(resumeAt).GetProperty("sequence").GetInt64()}";
        await using (var resumed = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/events", lastEventId: position))
        {
            var replay = await resumed.EventsUntilAsync(e => e.Data == seen[^1].Data);
            Assert.Equal(expected, replay.Select(e => (e.Event, e.Data)));
            // It goes on in the form it came with, so its next resume means the same.
            Assert.Equal($"cp-1:{Data(seen[^1]).GetProperty("sequence").GetInt64()}", replay[^1].Id);
        }

        foreach (var bad in (string[])["cp-1:", "cp-1:4,cp-1:5", "cp-1:x", ":7"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
            request.Headers.Add("Last-Event-ID", bad);
            using var refused = await _daemon.Reader.SendAsync(request);
            var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{bad}: {(int)refused.StatusCode} {body}");
            Assert.Equal("Last-Event-ID", body.GetProperty("data").GetProperty("field").GetString());
            Assert.Contains("charger:sequence", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_client_that_leaves_frees_its_subscription()
    {
        var stream = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/events");
        Assert.Equal(1, Readers); // subscribed before the headers went out
        await using (var second = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/chargers/cp-1/events"))
            Assert.Equal(2, Readers);
        await RunningDaemon.AwaitAsync(() => Task.FromResult(Readers == 1), "the second reader to go");

        await stream.DisposeAsync();
        await RunningDaemon.AwaitAsync(() => Task.FromResult(Readers == 0), "the first reader to go");
    }

    [Fact]
    public async Task Stopping_the_daemon_ends_open_streams_cleanly()
    {
        var stream = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/events");
        try
        {
            await _daemon.App.StopAsync();
            // Had the stream held the shutdown, Kestrel would have cut the connection at its timeout: a broken read, not an end.
            Assert.True(await stream.Ended.WaitAsync(TimeSpan.FromSeconds(30)), "the stream broke instead of ending");
            Assert.Equal(0, Readers);
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }
}

/// <summary>A daemon with a replay window of three, so a resume point (a numeric id or a site position) can fall out of it.</summary>
public sealed class EventStreamWindowTests : IAsyncLifetime
{
    private RunningDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await RunningDaemon.StartAsync(s => s.Events.ReplayWindow = 3);
        await _daemon.AwaitStateAsync(1);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task A_resume_point_that_left_the_window_gets_a_gap_event_then_the_whole_window()
    {
        var seen = await PlugAndUnplugThreeTimesAsync();
        var last = seen[^1].IdNumber;
        Assert.True(last >= 7, $"expected LINK_UP and six cable events, got {last}"); // event 2 has left a window of three

        await using var resumed = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/events", lastEventId: "1");
        var gap = await resumed.NextEventAsync();
        Assert.Equal("gap", gap.Event);
        Assert.Null(gap.Id); // a gap moves no one's resume point
        var data = JsonDocument.Parse(gap.Data!).RootElement;
        Assert.Equal("evicted", data.GetProperty("reason").GetString());
        Assert.Equal(1, data.GetProperty("last_event_id").GetInt64());

        // The whole window: three consecutive events, the newest at least as new as what the live client saw.
        var window = new[] { await resumed.NextEventAsync(), await resumed.NextEventAsync(), await resumed.NextEventAsync() };
        Assert.Equal(Enumerable.Range((int)window[0].IdNumber, 3).Select(i => (long)i), window.Select(e => e.IdNumber));
        Assert.True(window[^1].IdNumber >= last, $"the window ends at {window[^1].Id}, before {last}");
        foreach (var e in window.Where(e => e.IdNumber <= last))
            Assert.Equal(seen.Single(s => s.Id == e.Id).Data, e.Data);
    }

    /// <summary>A site stream's id whose charger's events left the window: a gap for that charger, then what is kept.</summary>
    [Fact]
    public async Task A_charger_whose_events_after_the_position_left_the_window_gets_a_gap_event_then_its_kept_events()
    {
        var seen = await PlugAndUnplugThreeTimesAsync();
        var newest = JsonDocument.Parse(seen[^1].Data!).RootElement.GetProperty("sequence").GetInt64();
        Assert.True(newest >= 7, $"expected LINK_UP and six cable events, got {newest}");

        await using var resumed = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/events", lastEventId: "cp-1:1");
        var gap = await resumed.NextEventAsync();
        Assert.Equal("gap", gap.Event);
        Assert.Null(gap.Id);
        var data = JsonDocument.Parse(gap.Data!).RootElement;
        Assert.Equal(("evicted", "cp-1", 1L), (data.GetProperty("reason").GetString(), data.GetProperty("charger_id").GetString(),
            data.GetProperty("last_sequence").GetInt64()));
        var window = new[] { await resumed.NextEventAsync(), await resumed.NextEventAsync(), await resumed.NextEventAsync() };
        var sequences = window.Select(e => JsonDocument.Parse(e.Data!).RootElement.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range((int)sequences[0], 3).Select(i => (long)i), sequences);
        Assert.True(sequences[^1] >= newest, $"the window ends at {sequences[^1]}, before {newest}");
        Assert.Equal($"cp-1:{sequences[^1]}", window[^1].Id);
    }

    /// <summary>Six cable events after LINK_UP, so the first events leave a window of three; returns what a live stream saw.</summary>
    private async Task<List<ServerSentEvent>> PlugAndUnplugThreeTimesAsync()
    {
        List<ServerSentEvent> seen = [];
        await using var live = await ServerSentEventClient.OpenAsync(_daemon.Reader, "/api/events");
        for (var i = 0; i < 3; i++)
        {
            _daemon.Device.Execute("plug 32");
            seen.AddRange(await live.EventsUntilAsync(e => e.Event == "CABLE_CONNECTED"));
            _daemon.Device.Execute("unplug");
            seen.AddRange(await live.EventsUntilAsync(e => e.Event == "CABLE_DISCONNECTED"));
        }
        return seen;
    }
}

/// <summary>With http.public-reads on, the streams are reads like any other: no key needed, a wrong key still refused.</summary>
public sealed class EventStreamPublicReadsTests : IAsyncLifetime
{
    private RunningDaemon _daemon = null!;

    public async Task InitializeAsync() => _daemon = await RunningDaemon.StartAsync(s => s.Http.PublicReads = true);

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    [Fact]
    public async Task Anyone_may_open_a_stream_but_a_bad_key_is_still_401()
    {
        await using (var stream = await ServerSentEventClient.OpenAsync(_daemon.Anonymous, "/api/chargers/cp-1/events?last_event_id=0"))
            Assert.Equal("LINK_UP", (await stream.NextEventAsync()).Event); // the whole window from the start

        using var badKey = await _daemon.Client("not-a-valid-key-at-all").GetAsync("/api/events");
        Assert.Equal(HttpStatusCode.Unauthorized, badKey.StatusCode);
    }
}
