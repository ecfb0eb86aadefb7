using System.Net.Http.Json;
using System.Text.Json;
using Charger.Host.Configuration.Settings;
using Charger.Tests.TestKit;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>
/// The daemon's alerts end to end, in real time with short holds: the ESP32 vanishes, link-down fires, shows in
/// /api/alerts, in /metrics as charger_alert_active and on /api/events as an <c>alert</c> event; it comes back and
/// the alert resolves; a restarted daemon on the same data directory still lists it in the history.
/// </summary>
public sealed class AlertsApiTests
{
    private static void ShortHolds(HostSettings s)
    {
        s.Alerts.EvaluateEvery = TimeSpan.FromMilliseconds(100);
        s.Alerts.LinkDown = new AlertRuleSettings(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500), "critical");
        s.Alerts.CpuHot.ThermalRoot = "/nonexistent/thermal"; // a PC without a thermal zone
    }

    private static async Task<JsonElement> AlertsAsync(RunningDaemon daemon)
    {
        using var response = await daemon.Reader.GetAsync("/api/alerts");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").Clone();
    }

    private static bool Has(JsonElement list, string rule, string scope) =>
        list.EnumerateArray().Any(a => a.GetProperty("rule").GetString() == rule && a.GetProperty("scope").GetString() == scope);

    [Fact]
    public async Task Link_down_fires_and_resolves_through_the_api_metrics_and_event_stream_and_the_history_survives_a_restart()
    {
        var dir = Directory.CreateTempSubdirectory("charger-alerts-e2e-").FullName;
        var device = new Charger.Host.Simulate.SimulatedDevice(Path.Combine(dir, "simulator", "ttyESP32"));
        try
        {
            await using (var daemon = await RunningDaemon.StartAsync(ShortHolds, device, dir))
            {
                await daemon.AwaitStateAsync(1);
                var alerts = await AlertsAsync(daemon);
                Assert.False(Has(alerts.GetProperty("active"), "link-down", "cp-1"));
                var cpu = alerts.GetProperty("unavailable").EnumerateArray().Single(u => u.GetProperty("rule").GetString() == "cpu-hot");
                Assert.StartsWith("unavailable: no thermal zone", cpu.GetProperty("reason").GetString());
                Assert.Equal(10, alerts.GetProperty("rules").GetArrayLength());
                var ocpp = alerts.GetProperty("unavailable").EnumerateArray().Single(u => u.GetProperty("rule").GetString() == "ocpp-down");
                Assert.Equal(("station", "unavailable: no charger has OCPP (ocpp.url is not set)"),
                    (ocpp.GetProperty("scope").GetString(), ocpp.GetProperty("reason").GetString()));

                await using var events = await ServerSentEventClient.OpenAsync(daemon.Reader, "/api/events");
                device.Execute("disappear");
                await RunningDaemon.AwaitAsync(async () => Has((await AlertsAsync(daemon)).GetProperty("active"), "link-down", "cp-1"), "link-down to fire");
                var fired = (await AlertsAsync(daemon)).GetProperty("active").EnumerateArray().Single(a => a.GetProperty("rule").GetString() == "link-down");
                Assert.Equal("critical", fired.GetProperty("severity").GetString());
                Assert.Contains("serial link down", fired.GetProperty("message").GetString());

                var metrics = PrometheusText.Parse(await daemon.Reader.GetStringAsync("/metrics"));
                Assert.Equal(1, metrics.Named("charger_alert_active").Single(s => s.Labels["rule"] == "link-down" && s.Labels["charger"] == "cp-1").Value);
                Assert.Equal(0, metrics.Named("charger_alert_active").Single(s => s.Labels["rule"] == "disk-low" && s.Labels["charger"] == "station").Value);

                var streamed = await events.EventsUntilAsync(e => e.Event == "alert", TimeSpan.FromSeconds(20));
                var data = JsonDocument.Parse(streamed[^1].Data!).RootElement;
                Assert.Equal("ALERT_FIRED", data.GetProperty("type").GetString());
                Assert.Equal("link-down", data.GetProperty("alert").GetProperty("rule").GetString());

                device.Execute("reappear");
                await RunningDaemon.AwaitAsync(async () => Has((await AlertsAsync(daemon)).GetProperty("history"), "link-down", "cp-1"), "link-down to resolve");
                Assert.Equal(fired.GetProperty("fired_at").GetString(), (await AlertsAsync(daemon)).GetProperty("history").EnumerateArray()
                    .First(a => a.GetProperty("rule").GetString() == "link-down").GetProperty("fired_at").GetString());
                var resolved = await events.EventsUntilAsync(e => e.Event == "alert", TimeSpan.FromSeconds(20));
                Assert.Equal("ALERT_RESOLVED", JsonDocument.Parse(resolved[^1].Data!).RootElement.GetProperty("type").GetString());
            }

            await using (var again = await RunningDaemon.StartAsync(ShortHolds, device, dir))
            {
                var history = (await AlertsAsync(again)).GetProperty("history");
                var kept = history.EnumerateArray().Single(a => a.GetProperty("rule").GetString() == "link-down");
                Assert.False(kept.GetProperty("active").GetBoolean());
                Assert.True(kept.TryGetProperty("resolved_at", out _));
            }
        }
        finally
        {
            device.Dispose();
            TestLogArchive.Keep(dir);
            Directory.Delete(dir, recursive: true);
        }
    }
}
