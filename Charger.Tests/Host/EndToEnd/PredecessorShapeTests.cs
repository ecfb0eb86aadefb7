using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Charger.Tests.Host.Configuration;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>
/// Every route of the predecessor's endpoint table (shared/reference/PREDECESSOR.md 3.2, read from the file) answers
/// with the predecessor's documented shape, key by key, on the real daemon after a real charge on the simulator; or is
/// one we deliberately do not serve, and then answers 404. A route added to the table without an entry here fails.
/// </summary>
public sealed partial class PredecessorShapeTests
{
    private static readonly string[] Envelope = ["success", "message", "data", "timestamp"];

    /// <summary>The predecessor's <c>ChargingSession.to_dict()</c> keys (PREDECESSOR.md 4.2); ours adds the charger, state names, end reason, link outages.</summary>
    private static readonly string[] SessionKeys =
        ["session_id", "user_id", "start_time", "end_time", "start_state", "end_state", "status", "duration_seconds", "event_count", "events", "metadata"];

    private static readonly string[] MetricsKeys =
    [
        "session_id", "duration_seconds", "charging_duration_seconds", "idle_duration_seconds", "total_energy_kwh", "start_energy_kwh", "end_energy_kwh",
        "max_power_kw", "avg_power_kw", "min_power_kw", "max_current_a", "avg_current_a", "min_current_a", "set_current_a",
        "max_voltage_v", "avg_voltage_v", "min_voltage_v", "event_count",
    ];

    /// <summary>Routes of the table we do not serve, and why (each must answer 404).</summary>
    private static readonly Dictionary<string, string> NotServed = new()
    {
        ["GET /form"] = "the station form page: POST /api/station/info from any client instead",
        ["GET /test"] = "the browser test page",
        ["GET /api/test/key"] = "it handed the API secret to anyone (PREDECESSOR.md 3.2)",
        ["GET /static/*"] = "it served the repository root, .env included (PREDECESSOR.md 3.1)",
        ["GET /api/metrics"] = "Prometheus text is at /metrics, with Charger's own metric names",
        ["GET /api/station/status"] = "not yet: availability is in /api/status STATE_NAME and /health/ready",
        ["GET /api/meter/status"] = "no meter is read yet (PREDECESSOR.md 4.4: the predecessor's was a placeholder)",
        ["GET /api/meter/reading"] = "no meter is read yet",
    };

    [GeneratedRegex(@"^\|\s*(?:(?<method>GET|POST)\s+)?(?<paths>`[^|]+)\|")]
    private static partial Regex TableRow();

    [GeneratedRegex("`(?<path>/[^`?]*)")]
    private static partial Regex PathInRow();

    /// <summary>
    /// "METHOD /path" for every row of PREDECESSOR.md's 3.2 endpoint table (query strings dropped), from the copy of
    /// that section committed beside this test (Fixtures/predecessor-endpoints.md: CI's clone may have no ../shared).
    /// Where ../shared is there, the copy must still equal it, so a changed reference is noticed.
    /// </summary>
    private static List<string> PredecessorRoutes()
    {
        var copy = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Host", "EndToEnd", "Fixtures", "predecessor-endpoints.md"));
        var reference = ChargerConfTests.RepositoryFile("..", "shared", "reference", "PREDECESSOR.md");
        if (File.Exists(reference)) Assert.Equal(Section(File.ReadAllLines(reference)), Section(copy));
        var routes = new List<string>();
        foreach (var line in Section(copy))
        {
            var row = TableRow().Match(line);
            if (!row.Success) continue;
            var method = row.Groups["method"].Success ? row.Groups["method"].Value : "GET";
            routes.AddRange(PathInRow().Matches(row.Groups["paths"].Value).Select(m => $"{method} {m.Groups["path"].Value}"));
        }
        Assert.True(routes.Count >= 20, $"read only {routes.Count} routes from predecessor-endpoints.md");
        return routes;
    }

    /// <summary>The lines of section 3.2, up to the next section.</summary>
    private static List<string> Section(string[] lines)
    {
        var start = Array.FindIndex(lines, l => l.StartsWith("### 3.2", StringComparison.Ordinal));
        Assert.True(start >= 0, "no section 3.2 (the endpoint table)");
        return [.. lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("### ", StringComparison.Ordinal)).Select(l => l.TrimEnd()).Where(l => l.Length > 0)];
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> CallAsync(HttpClient client, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static void KeysAre(JsonElement element, IEnumerable<string> keys, string where) =>
        Assert.True(element.EnumerateObject().Select(p => p.Name).Order().SequenceEqual(keys.Order()),
            $"{where}: keys {string.Join(",", element.EnumerateObject().Select(p => p.Name).Order())}, documented {string.Join(",", keys.Order())}");

    private static void HasKeys(JsonElement element, IEnumerable<string> keys, string where)
    {
        var missing = keys.Where(k => !element.TryGetProperty(k, out _)).ToList();
        Assert.True(missing.Count == 0, $"{where}: missing {string.Join(", ", missing)} in {element}");
    }

    private static JsonElement EnvelopeData(JsonElement body, string where)
    {
        KeysAre(body, Envelope, where);
        Assert.True(body.GetProperty("success").GetBoolean(), where);
        return body.GetProperty("data");
    }

    private static void IsSession(JsonElement session, string where)
    {
        Assert.Equal(JsonValueKind.Object, session.ValueKind);
        HasKeys(session, SessionKeys, where);
        foreach (var e in session.GetProperty("events").EnumerateArray()) HasKeys(e, ["event_type", "timestamp", "data"], $"{where} event");
    }

    private static void IsSessionPage(JsonElement body, string where, params string[] extra)
    {
        KeysAre(body, ["success", "sessions", "total_count", "limit", "offset", "has_more", .. extra], where);
        Assert.NotEqual(0, body.GetProperty("sessions").GetArrayLength());
        foreach (var s in body.GetProperty("sessions").EnumerateArray()) HasKeys(s, SessionKeys.Except(["events"]), where);
    }

    [Fact]
    public async Task Every_route_of_the_predecessors_table_answers_its_documented_shape_key_by_key()
    {
        {
            await using var daemon = await RunningDaemon.StartAsync();
            var http = daemon.Control;
            var device = daemon.Device;
            await daemon.AwaitStateAsync(1);
            var checkedRoutes = new Dictionary<string, Func<Task>>();

            // The commands, in the order a charge needs them; each checked as it is made.
            checkedRoutes["POST /api/maxcurrent"] = async () =>
                HasKeys(EnvelopeData(await CallAsync(http, HttpMethod.Post, "/api/maxcurrent", """{"amperage":16}"""), "maxcurrent"), ["amperage", "command"], "maxcurrent");
            await checkedRoutes["POST /api/maxcurrent"]();
            device.Execute("plug 32");
            device.Execute("connect");
            await daemon.AwaitStateAsync(3);
            checkedRoutes["POST /api/charge/start"] = async () =>
                Assert.Equal("authorization", EnvelopeData(await CallAsync(http, HttpMethod.Post, "/api/charge/start", """{"user_id":"driver-1"}"""), "start")
                    .GetProperty("command").GetString());
            await checkedRoutes["POST /api/charge/start"]();
            device.Execute("charge");
            await daemon.AwaitStateAsync(5);
            await RunningDaemon.AwaitAsync(async () => (await CallAsync(http, HttpMethod.Get, "/api/sessions/current")).GetProperty("session").ValueKind == JsonValueKind.Object,
                "the session to open");
            var current = await CallAsync(http, HttpMethod.Get, "/api/sessions/current");
            KeysAre(current, ["success", "session"], "sessions/current");
            IsSession(current.GetProperty("session"), "sessions/current");
            var open = await CallAsync(http, HttpMethod.Get, "/api/sessions/users/driver-1/current");
            KeysAre(open, ["success", "session"], "users/current");
            IsSession(open.GetProperty("session"), "users/current");
            checkedRoutes["POST /api/charge/stop"] = async () =>
                Assert.Equal("charge_stop", EnvelopeData(await CallAsync(http, HttpMethod.Post, "/api/charge/stop", "{}"), "stop").GetProperty("command").GetString());
            await checkedRoutes["POST /api/charge/stop"]();
            await RunningDaemon.AwaitAsync(async () => (await CallAsync(http, HttpMethod.Get, "/api/sessions?status=completed")).GetProperty("total_count").GetInt32() == 1,
                "the session to complete");
            var sessionId = (await CallAsync(http, HttpMethod.Get, "/api/sessions")).GetProperty("sessions")[0].GetProperty("session_id").GetString()!;

            checkedRoutes["GET /api/sessions/current"] = async () =>
            {
                var none = await CallAsync(http, HttpMethod.Get, "/api/sessions/current");
                KeysAre(none, ["success", "session", "message"], "sessions/current (none)");
                Assert.Equal(JsonValueKind.Null, none.GetProperty("session").ValueKind);
            };
            checkedRoutes["GET /api/sessions/users/{user_id}/current"] = async () =>
            {
                var none = await CallAsync(http, HttpMethod.Get, "/api/sessions/users/driver-1/current");
                KeysAre(none, ["success", "session", "message"], "users/current (none)");
            };
            checkedRoutes["GET /api/sessions/{session_id}"] = async () =>
            {
                var one = await CallAsync(http, HttpMethod.Get, $"/api/sessions/{sessionId}");
                KeysAre(one, ["success", "session"], "sessions/{id}");
                IsSession(one.GetProperty("session"), "sessions/{id}");
                Assert.Equal("driver-1", one.GetProperty("session").GetProperty("user_id").GetString());
            };
            checkedRoutes["GET /api/sessions/{session_id}/metrics"] = async () =>
            {
                var metrics = await CallAsync(http, HttpMethod.Get, $"/api/sessions/{sessionId}/metrics");
                KeysAre(metrics, ["success", "metrics"], "sessions/{id}/metrics");
                KeysAre(metrics.GetProperty("metrics"), MetricsKeys, "sessions/{id}/metrics.metrics");
            };
            checkedRoutes["GET /api/sessions"] = async () =>
                IsSessionPage(await CallAsync(http, HttpMethod.Get, "/api/sessions?limit=10&offset=0&status=completed&user_id=driver-1"), "sessions");
            checkedRoutes["GET /api/sessions/users/{user_id}/sessions"] = async () =>
                IsSessionPage(await CallAsync(http, HttpMethod.Get, "/api/sessions/users/driver-1/sessions?limit=10"), "users/sessions", "user_id");
            checkedRoutes["GET /api/sessions/count/stats"] = async () =>
            {
                var stats = await CallAsync(http, HttpMethod.Get, "/api/sessions/count/stats");
                KeysAre(stats, ["success", "stats"], "count/stats");
                KeysAre(stats.GetProperty("stats"), ["total", "active", "completed", "cancelled", "faulted"], "count/stats.stats");
            };
            checkedRoutes["GET /api/status"] = async () =>
                HasKeys(EnvelopeData(await CallAsync(http, HttpMethod.Get, "/api/status"), "status"), ["STATE", "STATE_NAME", "CP", "MAX", "AUTH", "timestamp"], "status");
            checkedRoutes["GET /api/health"] = async () =>
                HasKeys(EnvelopeData(await CallAsync(http, HttpMethod.Get, "/api/health"), "health"),
                [
                    "api", "esp32_connected", "esp32_status", "event_detector", "threads", "memory_mb", "cpu_percent", "memory_percent", "system_cpu_percent",
                    "system_memory_percent", "system_memory_total_mb", "system_memory_available_mb", "load_average", "cpu_temperature_celsius",
                    "cpu_temperature_fahrenheit", "cpu_temperature_status", "disk_total_gb", "disk_used_gb", "disk_free_gb", "disk_percent", "network_ip", "network_ssid",
                ], "health");
            // The predecessor's {active_alerts: [{name, severity, message, timestamp, metadata}], count}, in the envelope (issue 17).
            checkedRoutes["GET /api/alerts"] = async () =>
                HasKeys(EnvelopeData(await CallAsync(http, HttpMethod.Get, "/api/alerts"), "alerts"),
                    ["active_alerts", "count", "active", "history", "unavailable", "rules"], "alerts");
            checkedRoutes["GET /api/current/available"] = async () =>
                HasKeys(EnvelopeData(await CallAsync(http, HttpMethod.Get, "/api/current/available"), "current/available"),
                    ["range", "min", "max", "unit", "note", "recommended", "common_values"], "current/available");
            checkedRoutes["POST /api/station/info"] = async () =>
                HasKeys(EnvelopeData(await CallAsync(http, HttpMethod.Post, "/api/station/info", """{"station_id":"ST-1","name":"Depot"}"""), "station/info POST"),
                    ["station_id", "name", "created_at", "updated_at"], "station/info POST");
            checkedRoutes["GET /api/station/info"] = async () =>
                HasKeys(EnvelopeData(await CallAsync(http, HttpMethod.Get, "/api/station/info"), "station/info"), ["station_id", "name", "created_at", "updated_at"], "station/info");

            // The predecessor answered / with its name and version; / is the dashboard now (a page, not JSON).
            checkedRoutes["GET /"] = async () =>
            {
                using var response = await http.GetAsync("/");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            };

            // Writes first (the commands ran above, in the order a charge needs): then every read finds something to show.
            await checkedRoutes["POST /api/station/info"]();
            foreach (var route in PredecessorRoutes())
            {
                if (checkedRoutes.TryGetValue(route, out var check))
                {
                    if (route.StartsWith("POST ", StringComparison.Ordinal)) continue;
                    await check();
                }
                else if (NotServed.ContainsKey(route))
                {
                    using var response = await http.GetAsync(route.Split(' ')[1].Replace("*", "x.txt", StringComparison.Ordinal));
                    Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} is listed as not served but answered {(int)response.StatusCode}");
                }
                else
                    Assert.Fail($"{route} of PREDECESSOR.md 3.2 has no shape check and is not listed as not served.");
            }
        }
    }
}
