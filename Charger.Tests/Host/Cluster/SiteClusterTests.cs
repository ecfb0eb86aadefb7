using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Charger.Actors.Simulation;
using Charger.Actors.Subscribers;
using Charger.Host.Operations;
using Charger.Host.Simulate;
using Charger.Tests.TestKit;
using Xunit.Abstractions;

namespace Charger.Tests.Host.Cluster;

/// <summary>
/// Issue 14's acceptance test: three daemon processes on 127.0.0.1 form one site cluster, each with its own simulated
/// ESP32 (living in this test process, so a charger keeps running while its daemon is dead), sharing a throwaway
/// PostgreSQL. A charge on C is started through A, A's live stream shows C's events, C is killed with SIGKILL and
/// shown unreachable on A and B within 15 s, a command for it answers 503 naming its node, and C, restarted, rejoins
/// with its session intact and closed correctly. Along the way: a live stream's client resumes on another node with its
/// last id (missed events of each charger, in order, none twice, from the charger's own node), and any node's
/// /api/sessions lists the whole site's sessions. Slow (three daemons): one class, one test.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SiteClusterTests(PostgresServerFixture server, ITestOutputHelper output) : IAsyncLifetime
{
    private const string ApiKey = "cluster-test-control-key-0123456789";

    private readonly string _dir = Directory.CreateTempSubdirectory("charger-cluster-").FullName;
    private readonly Dictionary<string, Node> _nodes = [];
    private bool _passed;

    /// <summary>One daemon of the site: its simulated ESP32, its config and its HTTP client.</summary>
    private sealed class Node(string name, SimulatedDevice device, string config, Uri baseAddress, int clusterPort) : IAsyncDisposable
    {
        public string Name => name;
        public string ChargerId => $"cp-{name}";
        public SimulatedDevice Device => device;
        public string Config => config;
        public int ClusterPort => clusterPort;
        public string NodeName => $"127.0.0.1:{clusterPort}";
        public DaemonProcess? Daemon { get; set; }
        public HttpClient Http { get; } = Client(baseAddress);

        private static HttpClient Client(Uri baseAddress)
        {
            var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
            return http;
        }

        public async ValueTask DisposeAsync()
        {
            if (Daemon is not null) await Daemon.DisposeAsync();
            Http.Dispose();
            device.Dispose();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes.Values) await node.DisposeAsync();
        if (!_passed)
        {
            foreach (var node in _nodes.Values)
            {
                var log = Path.Combine(_dir, node.Name, "daemon.log");
                if (File.Exists(log)) output.WriteLine($"node {node.Name} output (last 60 lines):\n" + string.Join('\n', File.ReadLines(log).TakeLast(60)));
            }
        }
        TestLogArchive.Keep(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_charge_on_C_through_A_survives_C_being_killed_and_C_rejoins_with_its_session_closed_correctly()
    {
        var database = await server.CreateDatabaseAsync();
        var ports = new[] { "a", "b", "c" }.ToDictionary(n => n, _ => DaemonProcess.FreePort());
        var seeds = $"\"127.0.0.1:{ports["a"]}\", \"127.0.0.1:{ports["b"]}\"";
        foreach (var name in ports.Keys)
        {
            var home = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
            var device = new SimulatedDevice(Path.Combine(home, "ttyESP32"));
            var baseAddress = new Uri($"http://127.0.0.1:{DaemonProcess.FreePort()}");
            var config = Path.Combine(home, "charger.conf");
            await File.WriteAllTextAsync(config, $$"""
                data-dir = "{{Path.Combine(home, "data")}}"
                http { url = "{{baseAddress.ToString().TrimEnd('/')}}", rate-limit { control-per-minute = 1000, read-per-minute = 100000 } }
                chargers = [ { id = cp-{{name}}, serial { port = "{{device.DevicePath}}" } } ]
                logging.file.enabled = false
                persistence { provider = postgres, postgres.connection-string = "{{database}}" }
                site.max-current-a = 20
                cluster {
                  enabled = on
                  site = test-site
                  hostname = "127.0.0.1"
                  port = {{ports[name]}}
                  seed-nodes = [ {{seeds}} ]
                }
                """);
            _nodes[name] = new Node(name, device, config, baseAddress, ports[name]);
        }
        var (a, b, c) = (_nodes["a"], _nodes["b"], _nodes["c"]);
        foreach (var node in _nodes.Values) await StartAsync(node); // a first: the first seed forms the cluster

        // Every node lists every charger of the site, each on its node, all reachable.
        foreach (var node in _nodes.Values)
            await AwaitAsync(async () => (await ChargersAsync(node)) is var list && list.Count == 3 && list.All(ch => ch.Reachable)
                && list.Single(ch => ch.Id == "cp-c").Node == c.NodeName, $"{node.Name} to list the three chargers reachable", TimeSpan.FromSeconds(60));

        // Measured, not asserted (bench/RESULTS.md): round trips through A to its own charger and to C's, interleaved so
        // both see the same machine load. A status read, and a max-current command the ESP32 acknowledges.
        await MeasureRoundTripsAsync(a, "status", ch => a.Http.GetAsync($"/api/chargers/{ch}/status"));
        await MeasureRoundTripsAsync(a, "max current (ACK)", ch => PostAsync(a, $"/api/chargers/{ch}/maxcurrent", """{"amperage":16}"""));

        // Any node answers for any charger by id, with its node.
        using (var byId = await b.Http.GetAsync("/api/chargers/cp-c"))
        {
            var body = await byId.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(byId.StatusCode == HttpStatusCode.OK, $"GET /api/chargers/cp-c on B: {(int)byId.StatusCode} {body}");
            Assert.Equal(c.NodeName, body.GetProperty("data").GetProperty("node").GetString());
            Assert.True(body.GetProperty("data").GetProperty("node_reachable").GetBoolean());
        }

        // A's live stream, opened before the charge: C's events must come through it.
        await using var events = await ServerSentEventClient.OpenAsync(a.Http, "/api/events");
        // And B's stream of C's charger alone.
        await using var cOnB = await ServerSentEventClient.OpenAsync(b.Http, "/api/chargers/cp-c/events");

        // C's vehicle plugs in; the charge is started through A's API.
        c.Device.Execute("plug 32");
        c.Device.Execute("connect");
        await AwaitAsync(() => Task.FromResult(c.Device.Simulator.State == FirmwareState.EvConnected), "C's vehicle to be connected", TimeSpan.FromSeconds(10));
        await AwaitAsync(async () => (await StatusStateAsync(a, "cp-c")) == 3, "A to see C's charger in state 3", TimeSpan.FromSeconds(10));
        using (var start = await PostAsync(a, "/api/chargers/cp-c/charge/start", """{"user_id":"driver-c"}"""))
            Assert.True(start.StatusCode == HttpStatusCode.OK, $"start through A: {(int)start.StatusCode} {await start.Content.ReadAsStringAsync()}");
        await AwaitAsync(() => Task.FromResult(c.Device.Simulator.State == FirmwareState.Ready), "C's ESP32 to be authorized", TimeSpan.FromSeconds(5));
        c.Device.Execute("charge");
        var seen = await events.EventsUntilAsync(e => e.Event == "CHARGE_STARTED" && Data(e).GetProperty("charger_id").GetString() == "cp-c",
            TimeSpan.FromSeconds(20));
        Assert.Contains(seen, e => e.Event == "CHARGE_AUTHORIZED" && Data(e).GetProperty("charger_id").GetString() == "cp-c");
        var seenOnB = await cOnB.EventsUntilAsync(e => e.Event == "CHARGE_STARTED", TimeSpan.FromSeconds(20));
        Assert.All(seenOnB, e => Assert.Equal("cp-c", Data(e).GetProperty("charger_id").GetString()));
        // In order: C's sequence numbers only grow, on A's stream as on B's.
        foreach (var stream in new[] { seen.Where(e => Data(e).GetProperty("charger_id").GetString() == "cp-c").ToList(), seenOnB })
        {
            var sequence = stream.Select(e => Data(e).GetProperty("sequence").GetInt64()).ToList();
            Assert.Equal(sequence.Distinct().Order(), sequence);
        }
        var sessionId = await AwaitValueAsync(async () => await OpenSessionIdAsync(b, "cp-c"), "the open session of cp-c, read on B", TimeSpan.FromSeconds(20));
        // The site budget, a cluster singleton: C's charge holds 16 A of the site's 20 (its max current, set above), on every node's view.
        await AwaitAsync(async () => await GrantsAsync(b) is { } grants && grants.GetValueOrDefault("cp-c") == 16, "B to show cp-c's 16 A grant",
            TimeSpan.FromSeconds(10));

        // A's client leaves after C's CHARGE_STARTED; C's charger goes on (twenty pause/resume events, measured below).
        var leftAt = seen[^1].Id!;
        var cLeftAt = Seq(seen[^1]);
        Assert.Equal(cLeftAt, Position(leftAt)["cp-c"]);
        await events.DisposeAsync();
        var cLast = await MeasureEventDeliveryAsync(a, c);
        // What C did meanwhile, as B's stream of C's charger (open throughout) saw it.
        var missed = (await cOnB.EventsUntilAsync(e => Seq(e) == cLast, TimeSpan.FromSeconds(20))).Where(e => Seq(e) > cLeftAt).ToList();
        // The client reconnects to B with its last id: exactly the missed events of each charger, in order, none twice.
        List<ServerSentEvent> resumed;
        await using (var onB = await ServerSentEventClient.OpenAsync(b.Http, "/api/events", leftAt))
            resumed = await onB.EventsUntilAsync(e => e.Event != EventStream.GapEvent && Charger(e) == "cp-c" && Seq(e) == cLast, TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(resumed, e => e.Event == EventStream.GapEvent);
        Assert.Equal(missed.Select(Seq), resumed.Where(e => Charger(e) == "cp-c").Select(Seq));
        Assert.Equal(Enumerable.Range(1, missed.Count).Select(i => cLeftAt + i), missed.Select(Seq)); // and C's sequence has no hole
        foreach (var other in new[] { "cp-a", "cp-b" })
        {
            var sequence = resumed.Where(e => Charger(e) == other).Select(Seq).ToList();
            Assert.Equal(sequence.Distinct().Order(), sequence);
            Assert.All(sequence, s => Assert.True(s > Position(leftAt).GetValueOrDefault(other), $"{other}'s event {s} was before the resume point {leftAt}"));
        }
        Assert.Equal(cLast, Position(resumed[^1].Id!)["cp-c"]);
        var rejoinFrom = resumed[^1].Id!;

        // SIGKILL C: A and B show its charger unreachable within 15 s; the charge goes on without it.
        var killed = Stopwatch.StartNew();
        await c.Daemon!.KillAsync();
        await Task.WhenAll(
            AwaitAsync(async () => (await ChargersAsync(a)).Single(ch => ch.Id == "cp-c") is { Reachable: false, Reachability: "unreachable" }, "A to show cp-c unreachable", TimeSpan.FromSeconds(15)),
            AwaitAsync(async () => (await ChargersAsync(b)).Single(ch => ch.Id == "cp-c") is { Reachable: false, Reachability: "unreachable" }, "B to show cp-c unreachable", TimeSpan.FromSeconds(15)));
        output.WriteLine($"SIGKILL to unreachable on A and B: {killed.ElapsedMilliseconds} ms");
        Assert.Equal(FirmwareState.Charging, c.Device.Simulator.State);

        // A command for the dead node's charger: 503 naming the node, nothing queued (the stop never arrives later).
        using (var stop = await PostAsync(a, "/api/chargers/cp-c/charge/stop", "{}"))
        {
            var body = await stop.Content.ReadAsStringAsync();
            Assert.True(stop.StatusCode == HttpStatusCode.ServiceUnavailable, $"stop while C is dead: {(int)stop.StatusCode} {body}");
            Assert.Contains("NODE_UNREACHABLE", body, StringComparison.Ordinal);
            Assert.Contains(c.NodeName, body, StringComparison.Ordinal);
        }
        // The other chargers still answer through any node.
        using (var status = await a.Http.GetAsync("/api/chargers/cp-b/status"))
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        // The budget lives on (its singleton is on A, the oldest node) and still counts the dead node's charge, which goes on:
        // B's vehicle cannot start through A, 4 A being left.
        b.Device.Execute("plug 32");
        b.Device.Execute("connect");
        await AwaitAsync(async () => (await StatusStateAsync(a, "cp-b")) == 3, "A to see B's charger in state 3", TimeSpan.FromSeconds(10));
        using (var refused = await PostAsync(a, "/api/chargers/cp-b/charge/start", "{}"))
        {
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.Conflict, $"start of cp-b while cp-c holds 16 of 20 A: {(int)refused.StatusCode} {body}");
            Assert.Contains("SITE_BUDGET_EXHAUSTED", body, StringComparison.Ordinal);
            Assert.Contains("cp-c 16 A", body, StringComparison.Ordinal);
        }
        Assert.Equal(FirmwareState.EvConnected, b.Device.Simulator.State);

        // C restarts: it rejoins, its charger is reachable again from A, the charge it left running is the same session.
        await StartAsync(c);
        await AwaitAsync(async () => (await ChargersAsync(a)).Single(ch => ch.Id == "cp-c") is { Reachable: true }, "A to show cp-c reachable again",
            TimeSpan.FromSeconds(60));
        Assert.Equal(FirmwareState.Charging, c.Device.Simulator.State);
        Assert.Equal(sessionId, await OpenSessionIdAsync(a, "cp-c"));

        // The client that left B before the kill reconnects to the restarted C, which never saw B's plug-in: B's events
        // come from B's own buffer, without a hole; C's charger numbers from 1 again after its restart, so C says gap.
        await AwaitAsync(async () => (await ChargersAsync(c)).Single(ch => ch.Id == "cp-b") is { Reachable: true }, "C to see cp-b reachable",
            TimeSpan.FromSeconds(30));
        List<ServerSentEvent> afterRejoin;
        await using (var onC = await ServerSentEventClient.OpenAsync(c.Http, "/api/events", rejoinFrom))
            afterRejoin = await onC.EventsUntilAsync(e => e.Event != EventStream.GapEvent && Charger(e) == "cp-b" && Data(e).TryGetProperty("to_state", out var to)
                && to.ValueKind == JsonValueKind.Number && to.GetInt32() == 3, TimeSpan.FromSeconds(20));
        var bMissed = afterRejoin.Where(e => e.Event != EventStream.GapEvent && Charger(e) == "cp-b").Select(Seq).ToList();
        Assert.Equal(Enumerable.Range(1, bMissed.Count).Select(i => Position(rejoinFrom)["cp-b"] + i), bMissed);
        Assert.Contains(afterRejoin, e => e.Event == EventStream.GapEvent && Data(e).GetProperty("charger_id").GetString() == "cp-c");
        Assert.DoesNotContain(afterRejoin, e => e.Event == EventStream.GapEvent && Data(e).GetProperty("charger_id").GetString() != "cp-c");

        // A graceful stop of C (SIGTERM, as systemctl stop): it leaves the cluster (A shows its node gone, which a crash only
        // reaches after the split-brain resolver's 20 s) and its charge goes on; it comes back and rejoins.
        var stopped = Stopwatch.StartNew();
        Assert.Equal(0, await c.Daemon!.TerminateAsync(TimeSpan.FromSeconds(30)));
        await AwaitAsync(async () => (await ChargersAsync(a)).Single(ch => ch.Id == "cp-c") is { Reachability: "gone" },
            "A to show cp-c's node gone after C left", TimeSpan.FromSeconds(10));
        output.WriteLine($"SIGTERM to gone on A: {stopped.ElapsedMilliseconds} ms");
        Assert.Equal(FirmwareState.Charging, c.Device.Simulator.State);
        await StartAsync(c);
        await AwaitAsync(async () => (await ChargersAsync(a)).Single(ch => ch.Id == "cp-c") is { Reachable: true }, "A to show cp-c reachable after C's restart",
            TimeSpan.FromSeconds(60));

        // The stop sent while C was dead never ran; a stop now, through B, ends the charge and closes the one session.
        using (var stop = await PostAsync(b, "/api/chargers/cp-c/charge/stop", "{}"))
            Assert.True(stop.StatusCode == HttpStatusCode.OK, $"stop through B: {(int)stop.StatusCode} {await stop.Content.ReadAsStringAsync()}");
        var sessions = await AwaitValueAsync(async () =>
        {
            var list = await SessionsAsync(a, "cp-c");
            return list.Count == 1 && list[0].GetProperty("status").GetString() == "COMPLETED" ? list : null;
        }, "cp-c's session to be COMPLETED on A", TimeSpan.FromSeconds(30));
        var session = Assert.Single(sessions);
        Assert.Equal(sessionId, session.GetProperty("session_id").GetString());
        Assert.Equal("driver-c", session.GetProperty("user_id").GetString());
        Assert.Equal("cp-c", session.GetProperty("charger_id").GetString());

        // With the budget free again, B's waiting vehicle starts through C. Any node's /api/sessions (the predecessor's
        // route and shape) lists the whole site's sessions, newest first, paged; /api/sessions/{id} finds any of them.
        await AwaitAsync(async () => await GrantsAsync(c) is { } grants && !grants.ContainsKey("cp-c"), "C to show cp-c's grant released",
            TimeSpan.FromSeconds(10));
        using (var start = await PostAsync(c, "/api/chargers/cp-b/charge/start", """{"user_id":"driver-b"}"""))
            Assert.True(start.StatusCode == HttpStatusCode.OK, $"start of cp-b through C: {(int)start.StatusCode} {await start.Content.ReadAsStringAsync()}");
        await AwaitAsync(() => Task.FromResult(b.Device.Simulator.State == FirmwareState.Ready), "B's ESP32 to be authorized", TimeSpan.FromSeconds(5));
        b.Device.Execute("charge");
        var bSessionId = await AwaitValueAsync(async () => await OpenSessionIdAsync(a, "cp-b"), "the open session of cp-b, read on A", TimeSpan.FromSeconds(20));
        foreach (var node in new[] { a, c })
        {
            var first = await LegacySessionsAsync(node, "?limit=1");
            Assert.Equal([bSessionId], first.Sessions);
            Assert.Equal((2, 1, 0, true), (first.Total, first.Limit, first.Offset, first.HasMore));
            var second = await LegacySessionsAsync(node, "?limit=1&offset=1");
            Assert.Equal([sessionId], second.Sessions);
            Assert.False(second.HasMore);
            Assert.Equal([sessionId], (await LegacySessionsAsync(node, "?status=completed")).Sessions);
            Assert.Equal([sessionId], (await LegacySessionsAsync(node, "/users/driver-c/sessions")).Sessions);
            foreach (var (id, charger) in new[] { (sessionId, "cp-c"), (bSessionId, "cp-b") })
            {
                using var one = await node.Http.GetAsync($"/api/sessions/{id}");
                var body = await one.Content.ReadFromJsonAsync<JsonElement>();
                Assert.True(one.StatusCode == HttpStatusCode.OK, $"{node.Name} /api/sessions/{id}: {(int)one.StatusCode} {body}");
                Assert.Equal(charger, body.GetProperty("session").GetProperty("charger_id").GetString());
            }
        }
        _passed = true;
    }

    private async Task MeasureRoundTripsAsync(Node via, string what, Func<string, Task<HttpResponseMessage>> request, int count = 60)
    {
        var (local, remote) = (new List<double>(), new List<double>());
        var timedOut = 0;
        for (var i = 0; i < count; i++)
        {
            foreach (var (charger, times) in new[] { ($"cp-{via.Name}", local), ("cp-c", remote) })
            {
                var watch = Stopwatch.StartNew();
                using var response = await request(charger);
                times.Add(watch.Elapsed.TotalMilliseconds);
                var body = await response.Content.ReadAsStringAsync();
                // A measurement, not a test of speed: an ESP32 ACK that a loaded machine delays past its timeout is the
                // command path's honest 504 (counted and reported); anything else is a failure.
                if (response.StatusCode == HttpStatusCode.GatewayTimeout && body.Contains("COMMAND_TIMEOUT", StringComparison.Ordinal))
                {
                    timedOut++;
                    continue;
                }
                Assert.True(response.IsSuccessStatusCode, $"{what} to {charger}: {(int)response.StatusCode} {body}");
            }
        }
        Assert.True(timedOut < count, $"{what}: {timedOut} of {2 * count} requests timed out: the command path, not the load");
        static string P(List<double> t, double q) => t.Order().ElementAt((int)Math.Ceiling(q * t.Count) - 1).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"{what} through {via.Name}, {count} each: local p50 {P(local, 0.5)} ms p99 {P(local, 0.99)} ms; " +
            $"remote (on c) p50 {P(remote, 0.5)} ms p99 {P(remote, 0.99)} ms; {timedOut} timed out; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    /// <summary>
    /// Measured, not asserted (bench/RESULTS.md): how long C's events take from C's tracker (the event's timestamp) to an
    /// SSE client of <paramref name="remote"/>, next to one of C itself, over ten pause/resume cycles of C's vehicle.
    /// </summary>
    /// <returns>The sequence of the owner's last event it read.</returns>
    private async Task<long> MeasureEventDeliveryAsync(Node remote, Node owner)
    {
        long last = 0;
        await using var onOwner = await ServerSentEventClient.OpenAsync(owner.Http, $"/api/chargers/{owner.ChargerId}/events");
        await using var onRemote = await ServerSentEventClient.OpenAsync(remote.Http, $"/api/chargers/{owner.ChargerId}/events");
        var (local, far) = (new List<double>(), new List<double>());
        async Task CollectAsync(ServerSentEventClient stream, List<double> latencies, int untilState)
        {
            while (true)
            {
                var e = await stream.NextEventAsync(TimeSpan.FromSeconds(20));
                var data = Data(e);
                latencies.Add((DateTimeOffset.UtcNow - data.GetProperty("timestamp").GetDateTimeOffset()).TotalMilliseconds);
                if (stream == onOwner) last = Math.Max(last, data.GetProperty("sequence").GetInt64());
                if (data.TryGetProperty("to_state", out var to) && to.ValueKind == JsonValueKind.Number && to.GetInt32() == untilState) return;
            }
        }
        for (var i = 0; i < 10; i++)
        {
            foreach (var (command, state) in new[] { ("pause", 6), ("resume", 5) })
            {
                owner.Device.Execute(command);
                await Task.WhenAll(CollectAsync(onOwner, local, state), CollectAsync(onRemote, far, state));
            }
        }
        static string P(List<double> t, double q) => t.Order().ElementAt((int)Math.Ceiling(q * t.Count) - 1).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"event delivery from {owner.Name}'s tracker to SSE, {local.Count}/{far.Count} events: on {owner.Name} (local) p50 {P(local, 0.5)} ms " +
            $"p99 {P(local, 0.99)} ms; on {remote.Name} (remote) p50 {P(far, 0.5)} ms p99 {P(far, 0.99)} ms; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return last;
    }

    private async Task StartAsync(Node node) =>
        node.Daemon = await DaemonProcess.StartAsync(node.Config, node.Http.BaseAddress!, ApiKey, Path.Combine(_dir, node.Name, "daemon.log"),
            TimeSpan.FromSeconds(90));

    private sealed record ListedCharger(string Id, string? Node, bool Reachable, string? Reachability);

    private static async Task<List<ListedCharger>> ChargersAsync(Node node)
    {
        using var response = await node.Http.GetAsync("/api/chargers");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{node.Name} /api/chargers: {(int)response.StatusCode} {body}");
        return [.. body.GetProperty("data").EnumerateArray().Select(ch => new ListedCharger(ch.GetProperty("id").GetString()!,
            ch.GetProperty("node").GetString(), ch.GetProperty("node_reachable").GetBoolean(), ch.GetProperty("reachability").GetString()))];
    }

    /// <summary>The site budget's grants as <c>/api/site</c> on <paramref name="node"/> shows them, or null when it cannot say.</summary>
    private static async Task<Dictionary<string, int>?> GrantsAsync(Node node)
    {
        using var response = await node.Http.GetAsync("/api/site");
        if (response.StatusCode != HttpStatusCode.OK) return null;
        var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        Assert.Equal("test-site", data.GetProperty("site").GetString());
        return data.GetProperty("budget").GetProperty("grants").EnumerateArray()
            .ToDictionary(g => g.GetProperty("charger_id").GetString()!, g => g.GetProperty("amps").GetInt32());
    }

    private static async Task<int?> StatusStateAsync(Node node, string chargerId)
    {
        using var response = await node.Http.GetAsync($"/api/chargers/{chargerId}/status");
        if (response.StatusCode != HttpStatusCode.OK) return null;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("data").GetProperty("STATE").GetInt32();
    }

    private static async Task<string?> OpenSessionIdAsync(Node node, string chargerId)
    {
        using var response = await node.Http.GetAsync($"/api/chargers/{chargerId}/sessions/current");
        if (response.StatusCode != HttpStatusCode.OK) return null;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("data").GetProperty("session") is { ValueKind: JsonValueKind.Object } s ? s.GetProperty("session_id").GetString() : null;
    }

    private static async Task<List<JsonElement>> SessionsAsync(Node node, string chargerId)
    {
        using var response = await node.Http.GetAsync($"/api/chargers/{chargerId}/sessions");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{node.Name} sessions: {(int)response.StatusCode} {body}");
        return [.. body.GetProperty("data").GetProperty("sessions").EnumerateArray()];
    }

    private sealed record LegacyPage(List<string> Sessions, long Total, int Limit, int Offset, bool HasMore);

    /// <summary>The predecessor's <c>/api/sessions</c> list on <paramref name="node"/>: its top-level fields, no envelope.</summary>
    private static async Task<LegacyPage> LegacySessionsAsync(Node node, string pathAndQuery)
    {
        using var response = await node.Http.GetAsync("/api/sessions" + pathAndQuery);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{node.Name} /api/sessions{pathAndQuery}: {(int)response.StatusCode} {body}");
        Assert.True(body.GetProperty("success").GetBoolean());
        return new LegacyPage([.. body.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("session_id").GetString()!)],
            body.GetProperty("total_count").GetInt64(), body.GetProperty("limit").GetInt32(), body.GetProperty("offset").GetInt32(),
            body.GetProperty("has_more").GetBoolean());
    }

    private static string Charger(ServerSentEvent e) => Data(e).GetProperty("charger_id").GetString()!;

    private static long Seq(ServerSentEvent e) => Data(e).GetProperty("sequence").GetInt64();

    /// <summary>A site stream's id (<see cref="EventPosition"/>) as charger → sequence.</summary>
    private static Dictionary<string, long> Position(string id)
    {
        Assert.True(EventPosition.TryParse(id, out var position, out var error), $"'{id}' is not a site stream's id: {error}");
        return position.Sequences.ToDictionary();
    }

    private static Task<HttpResponseMessage> PostAsync(Node node, string path, string json) =>
        node.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static JsonElement Data(ServerSentEvent e) => JsonDocument.Parse(e.Data!).RootElement;

    private static async Task AwaitAsync(Func<Task<bool>> condition, string what, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < within)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or KeyNotFoundException)
            {
                last = e;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Waited {within.TotalSeconds} s for {what}." + (last is null ? "" : $" Last error: {last.Message}"));
    }

    private static async Task<T> AwaitValueAsync<T>(Func<Task<T?>> value, string what, TimeSpan within) where T : class
    {
        T? result = null;
        await AwaitAsync(async () => (result = await value()) is not null, what, within);
        return result!;
    }
}
