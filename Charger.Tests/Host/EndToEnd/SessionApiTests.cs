using Charger.Tests.TestKit;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Charger.Actors.Sessions.Sqlite;
using Charger.Host.Simulate;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>
/// Sessions through the real daemon with SQLite (the default provider) and the simulator on a pty: a charge
/// becomes a session with the start request's user, it survives a daemon restart mid-charge, and the
/// session routes answer with the predecessor's shapes, filters and errors.
/// </summary>
public sealed class SessionApiTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-sessions-").FullName;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> DataAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(expected == response.StatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>The predecessor's /api/sessions routes answer with the fields at the top level; /api/chargers/{id}/sessions in the envelope's data.</summary>
    private static async Task<JsonElement> FieldsAsync(HttpClient client, string path)
    {
        var body = await DataAsync(client, path);
        Assert.True(body.GetProperty("success").GetBoolean());
        return path.StartsWith("/api/chargers/", StringComparison.Ordinal) ? body.GetProperty("data") : body;
    }

    private static async Task<JsonElement> AwaitSessionAsync(HttpClient client, string path, Func<JsonElement, bool> condition, string what)
    {
        JsonElement last = default;
        await RunningDaemon.AwaitAsync(async () =>
        {
            last = await FieldsAsync(client, path);
            return condition(last);
        }, what);
        return last;
    }

    private static async Task StartChargingAsync(RunningDaemon daemon, SimulatedDevice device, string user)
    {
        device.Execute("plug 32");
        device.Execute("connect");
        await daemon.AwaitStateAsync(3);
        using var start = await daemon.Control.PostAsync("/api/charge/start", Json($$"""{"user_id":"{{user}}"}"""));
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        device.Execute("charge");
        await daemon.AwaitStateAsync(5);
    }

    [Fact]
    public async Task A_session_survives_a_daemon_restart_mid_charge_and_completes_with_the_start_requests_user()
    {
        using var device = new SimulatedDevice(Path.Combine(_dir, "simulator", "ttyESP32"));
        string sessionId;
        await using (var first = await RunningDaemon.StartAsync(device: device, dataDirectory: _dir))
        {
            await first.AwaitStateAsync(1);
            await StartChargingAsync(first, device, "driver-7");
            var current = await AwaitSessionAsync(first.Reader, "/api/sessions/current",
                d => d.GetProperty("session").ValueKind == JsonValueKind.Object, "the session to open");
            sessionId = current.GetProperty("session").GetProperty("session_id").GetString()!;
            Assert.Equal("driver-7", current.GetProperty("session").GetProperty("user_id").GetString());
        }
        Assert.True(File.Exists(Path.Combine(_dir, SqliteDatabase.FileName)));

        await using var second = await RunningDaemon.StartAsync(device: device, dataDirectory: _dir);
        await second.AwaitStateAsync(5);
        var recovered = (await FieldsAsync(second.Reader, "/api/sessions/current")).GetProperty("session");
        Assert.Equal((sessionId, "ACTIVE"), (recovered.GetProperty("session_id").GetString(), recovered.GetProperty("status").GetString()));

        using var stop = await second.Control.PostAsync("/api/charge/stop", Json("{}"));
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        var ended = (await AwaitSessionAsync(second.Reader, $"/api/sessions/{sessionId}",
            d => d.GetProperty("session").GetProperty("status").GetString() != "ACTIVE", "the session to end")).GetProperty("session");
        Assert.Equal("COMPLETED", ended.GetProperty("status").GetString());
        Assert.Equal("driver-7", ended.GetProperty("user_id").GetString());
        Assert.Equal(7, ended.GetProperty("end_state").GetInt32());
        Assert.Equal(JsonValueKind.Null, ended.GetProperty("energy_kwh").ValueKind);
        Assert.Equal("CHARGE_STARTED", ended.GetProperty("events")[0].GetProperty("event_type").GetString());
        var none = (await FieldsAsync(second.Reader, "/api/sessions/current"));
        Assert.Equal(JsonValueKind.Null, none.GetProperty("session").ValueKind);
    }

    [Fact]
    public async Task Session_routes_list_filter_count_and_refuse_bad_input_with_the_field_named()
    {
        await using var daemon = await RunningDaemon.StartAsync(dataDirectory: Path.Combine(_dir, "d"));
        await daemon.AwaitStateAsync(1);
        var device = daemon.Device;

        // Two sessions: driver-1's completed by a stop, driver-2's still charging.
        await StartChargingAsync(daemon, device, "driver-1");
        using (var stop = await daemon.Control.PostAsync("/api/charge/stop", Json("{}"))) Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        await AwaitSessionAsync(daemon.Reader, "/api/sessions?status=completed", d => d.GetProperty("total_count").GetInt64() == 1, "a completed session");
        device.Execute("unplug");
        await daemon.AwaitStateAsync(1);
        await StartChargingAsync(daemon, device, "driver-2");
        await AwaitSessionAsync(daemon.Reader, "/api/sessions", d => d.GetProperty("total_count").GetInt64() == 2, "two sessions");

        var all = (await FieldsAsync(daemon.Reader, "/api/sessions?limit=1"));
        Assert.Equal((2, 1, 0, true), (all.GetProperty("total_count").GetInt32(), all.GetProperty("limit").GetInt32(),
            all.GetProperty("offset").GetInt32(), all.GetProperty("has_more").GetBoolean()));
        Assert.Equal("driver-2", all.GetProperty("sessions")[0].GetProperty("user_id").GetString()); // newest first
        var second = (await FieldsAsync(daemon.Reader, "/api/sessions?limit=1&offset=1"));
        Assert.False(second.GetProperty("has_more").GetBoolean());
        var first = second.GetProperty("sessions")[0];
        Assert.Equal(("driver-1", "COMPLETED"), (first.GetProperty("user_id").GetString(), first.GetProperty("status").GetString()));
        Assert.True(first.GetProperty("duration_seconds").GetDouble() > 0);
        Assert.True(first.GetProperty("event_count").GetInt32() >= 2);

        var byUser = (await FieldsAsync(daemon.Reader, "/api/chargers/cp-1/sessions?user_id=driver-1"));
        Assert.Equal(1, byUser.GetProperty("total_count").GetInt32());
        var active = (await FieldsAsync(daemon.Reader, "/api/sessions?status=ACTIVE&user_id=driver-2"));
        Assert.Equal(1, active.GetProperty("total_count").GetInt32());

        var stats = (await FieldsAsync(daemon.Reader, "/api/chargers/cp-1/sessions/count/stats")).GetProperty("stats");
        Assert.Equal((2, 1, 1, 0, 0), (stats.GetProperty("total").GetInt32(), stats.GetProperty("active").GetInt32(),
            stats.GetProperty("completed").GetInt32(), stats.GetProperty("cancelled").GetInt32(), stats.GetProperty("faulted").GetInt32()));

        var id = first.GetProperty("session_id").GetString();
        var events = (await FieldsAsync(daemon.Reader, $"/api/chargers/cp-1/sessions/{id}/events"));
        Assert.Equal(id, events.GetProperty("session_id").GetString());
        Assert.Equal(["CHARGE_STARTED", "CHARGE_STOPPED"], events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event_type").GetString()));

        // Errors: in the envelope, with a stable code and the field named.
        foreach (var (query, field) in new[] { ("limit=0", "limit"), ("limit=1001", "limit"), ("limit=ten", "limit"), ("offset=-1", "offset"), ("status=DONE", "status"), ("status=1", "status") })
        {
            var error = await DataAsync(daemon.Reader, $"/api/sessions?{query}", HttpStatusCode.BadRequest);
            Assert.Equal(("VALIDATION_FAILED", field), (error.GetProperty("error_code").GetString(), error.GetProperty("data").GetProperty("field").GetString()));
        }
        var missing = await DataAsync(daemon.Reader, "/api/sessions/no-such-session", HttpStatusCode.NotFound);
        Assert.Equal((false, "NOT_FOUND"), (missing.GetProperty("success").GetBoolean(), missing.GetProperty("error_code").GetString()));
        await DataAsync(daemon.Reader, "/api/sessions/no-such-session/events", HttpStatusCode.NotFound);
        var unknown = await DataAsync(daemon.Reader, "/api/chargers/cp-9/sessions", HttpStatusCode.NotFound);
        Assert.Equal("UNKNOWN_CHARGER", unknown.GetProperty("error_code").GetString());

        // A read key is needed.
        using var anonymous = await daemon.Anonymous.GetAsync("/api/sessions");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    public void Dispose()
    {
        TestLogArchive.Keep(_dir);
        Directory.Delete(_dir, recursive: true);
    }
}
