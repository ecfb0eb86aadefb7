using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Charger.Host.Operations;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>/health/live, /health/ready and /api/health of the real daemon, with the simulated ESP32 coming and going.</summary>
public sealed class HealthTests : IAsyncLifetime
{
    private RunningDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await RunningDaemon.StartAsync();
        await _daemon.AwaitStateAsync(1);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private Task AwaitReadyAsync(HttpStatusCode status, string what) =>
        RunningDaemon.AwaitAsync(async () => (await GetAsync(_daemon.Anonymous, "/health/ready")).Status == status, what);

    [Fact]
    public async Task Ready_turns_503_with_the_reason_while_the_esp32_is_gone_and_live_stays_200()
    {
        await AwaitReadyAsync(HttpStatusCode.OK, "ready");
        var (status, ready) = await GetAsync(_daemon.Anonymous, "/health/ready"); // no key needed
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Empty(ready.GetProperty("reasons").EnumerateArray());
        var charger = Assert.Single(ready.GetProperty("chargers").EnumerateArray());
        Assert.Equal("cp-1", charger.GetProperty("id").GetString());
        Assert.Equal("FRESH", charger.GetProperty("status").GetString());

        _daemon.Device.Execute("disappear");
        await AwaitReadyAsync(HttpStatusCode.ServiceUnavailable, "not ready");
        (status, ready) = await GetAsync(_daemon.Anonymous, "/health/ready");
        Assert.Equal("not_ready", ready.GetProperty("status").GetString());
        var reason = Assert.Single(ready.GetProperty("reasons").EnumerateArray()).GetString()!;
        Assert.StartsWith("cp-1: link down since ", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(_daemon.DataDirectory, reason, StringComparison.Ordinal); // no paths without a key
        Assert.DoesNotContain("ttyESP32", reason, StringComparison.Ordinal);
        Assert.False(Assert.Single(ready.GetProperty("chargers").EnumerateArray()).GetProperty("link_up").GetBoolean());

        using (var live = await _daemon.Anonymous.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal("live", (await live.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        _daemon.Device.Execute("reappear");
        await AwaitReadyAsync(HttpStatusCode.OK, "ready again");
        Assert.Equal(HttpStatusCode.OK, (await _daemon.Anonymous.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Api_health_keeps_the_predecessors_shape_with_healthy_and_tells_nothing_useful_to_an_attacker()
    {
        await AwaitReadyAsync(HttpStatusCode.OK, "ready");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _daemon.Anonymous.GetAsync("/api/health")).StatusCode);

        using var response = await _daemon.Reader.GetAsync("/api/health");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("System health check", body.GetProperty("message").GetString());
        Assert.True(body.TryGetProperty("timestamp", out _));
        var data = body.GetProperty("data");
        string[] predecessorKeys =
        [
            "api", "esp32_connected", "esp32_status", "reconnect_attempts", "event_detector", "threads", "memory_mb", "cpu_percent",
            "memory_percent", "system_cpu_percent", "system_memory_percent", "system_memory_total_mb", "system_memory_available_mb",
            "load_average", "cpu_temperature_celsius", "cpu_temperature_fahrenheit", "cpu_temperature_status", "disk_total_gb",
            "disk_used_gb", "disk_free_gb", "disk_percent", "network_ip", "network_ssid",
        ];
        Assert.All(predecessorKeys, key => Assert.True(data.TryGetProperty(key, out _), $"missing {key}: {data}"));
        Assert.True(data.GetProperty("healthy").GetBoolean());
        Assert.Equal("healthy", data.GetProperty("api").GetString());
        Assert.True(data.GetProperty("esp32_connected").GetBoolean());
        Assert.Equal("available", data.GetProperty("esp32_status").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("reconnect_attempts").ValueKind);
        Assert.True(data.GetProperty("event_detector").GetProperty("thread_alive").GetBoolean());
        Assert.True(data.GetProperty("event_detector").GetProperty("monitoring").GetBoolean());
        Assert.True(data.GetProperty("threads").GetInt32() > 0);
        Assert.True(data.GetProperty("memory_mb").GetDouble() > 0);
        Assert.True(data.GetProperty("disk_total_gb").GetDouble() > 0);
        Assert.True(data.GetProperty("load_average").TryGetProperty("1min", out _));
        Assert.Equal(JsonValueKind.Null, data.GetProperty("network_ip").ValueKind);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("network_ssid").ValueKind);
        Assert.Equal("cp-1", Assert.Single(data.GetProperty("chargers").EnumerateArray()).GetProperty("id").GetString());

        // Nothing that tells where things are, what runs, or how to get in.
        Assert.DoesNotContain(_daemon.DataDirectory, text, StringComparison.Ordinal);
        Assert.DoesNotContain("/dev/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ttyESP32", text, StringComparison.Ordinal);
        Assert.DoesNotContain(RunningDaemon.ReadKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.Version.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain("version", text, StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Server"));

        // While the ESP32 is gone: still 200 (the predecessor's monitor restarts on anything else), but not healthy.
        _daemon.Device.Execute("disappear");
        await RunningDaemon.AwaitAsync(async () =>
            !(await GetAsync(_daemon.Reader, "/api/health")).Body.GetProperty("data").GetProperty("esp32_connected").GetBoolean(), "disconnected");
        var (status, down) = await GetAsync(_daemon.Reader, "/api/health");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(down.GetProperty("data").GetProperty("healthy").GetBoolean());
        Assert.Equal("disconnected", down.GetProperty("data").GetProperty("esp32_status").GetString());
        Assert.True(down.GetProperty("data").GetProperty("reconnect_attempts").GetInt32() >= 1);
        Assert.DoesNotContain("ttyESP32", down.ToString(), StringComparison.Ordinal);
        _daemon.Device.Execute("reappear");
    }

    [Fact]
    public void Public_text_drops_absolute_paths_but_keeps_the_words()
    {
        Assert.Equal("Serial link <path> is down: I/O error (read/write).",
            PublicText.WithoutPaths("Serial link /dev/ttyUSB0 is down: I/O error (read/write)."));
        Assert.Equal("cannot open '<path>': busy", PublicText.WithoutPaths("cannot open '/home/pi/charger/data/x.json': busy"));
        Assert.Null(PublicText.WithoutPaths(null));
    }
}
