using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Charger.Host.Simulate;
using Charger.Tests.TestKit;
using Xunit.Abstractions;

namespace Charger.Tests.Ocpp;

/// <summary>
/// The daemon as its own process (as systemd runs it), SIGKILLed mid-charge while connected to a strict central system:
/// after the restart the transaction goes on and ends with exactly one StartTransaction and one StopTransaction with
/// the central system's transaction id; and a charge started offline from the authorization cache (kept across the first
/// SIGKILL) whose StopTransaction is queued while the central system is down survives a SIGKILL and is delivered once
/// after the restart.
/// </summary>
public sealed class OcppCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ApiKey = "ocpp-crash-control-key-0123456789";

    private readonly string _dir = Directory.CreateTempSubdirectory("charger-ocpp-crash-").FullName;
    private StrictCsms _csms = null!;
    private SimulatedDevice _device = null!;
    private DaemonProcess? _daemon;
    private HttpClient _http = null!;
    private string _config = null!;
    private Uri _baseAddress = null!;
    private bool _passed;

    public async Task InitializeAsync()
    {
        _csms = await StrictCsms.StartAsync(output);
        _device = new SimulatedDevice(Path.Combine(_dir, "ttyESP32"));
        _baseAddress = new Uri($"http://127.0.0.1:{DaemonProcess.FreePort()}");
        _config = await DaemonProcess.WriteConfigAsync(_dir, _baseAddress, _device.DevicePath, $$"""
            # A daemon just restarted on a loaded CI machine is slow to its first stop (JIT): what this test checks is
            # the OCPP outbox, not the firmware's timing, so the command timeouts are the ones other simulator tests use.
            commands { ack-timeout = 5s, stop-confirm-timeout = 10s }
            ocpp {
              url = "{{_csms.Endpoint}}"
              charge-point-id = "cp-crash"
              min-backoff = 1s
              max-backoff = 2s
              transaction-message-retry-interval = 1s
            }
            """);
        _http = new HttpClient { BaseAddress = _baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
    }

    public async Task DisposeAsync()
    {
        if (!_passed)
        {
            output.WriteLine("CSMS log:\n" + _csms.Log());
            var log = Path.Combine(_dir, "daemon.log");
            if (File.Exists(log)) output.WriteLine("daemon output (last 60 lines):\n" + string.Join('\n', File.ReadLines(log).TakeLast(60)));
        }
        if (_daemon is not null) await _daemon.DisposeAsync();
        _http.Dispose();
        _device.Dispose();
        await _csms.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task StartAsync() =>
        _daemon = await DaemonProcess.StartAsync(_config, _baseAddress, ApiKey, Path.Combine(_dir, "daemon.log"));

    private async Task AwaitStateAsync(int state)
    {
        await TestKit.Retry.UntilAsync(async () =>
        {
            using var response = await _http.GetAsync("/api/status");
            if (!response.IsSuccessStatusCode) return false;
            var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
            return data.GetProperty("STATE").GetInt32() == state;
        }, $"STATE {state}");
    }

    private Task AwaitOutboxDepthAsync(int depth) => TestKit.Retry.UntilAsync(async () =>
    {
        var ocpp = (await _http.GetFromJsonAsync<JsonElement>("/api/chargers/cp-1/ocpp")).GetProperty("data");
        return ocpp.GetProperty("outbox_depth").GetInt32() == depth;
    }, $"outbox depth {depth}");

    [Fact]
    // OCA 1.6: TC_032_2 (power failure, the transaction resumed after the boot and stopped by the driver) for the SIGKILL,
    // TC_037_1 (offline start with a valid cached idTag) for the second charge. (TC_037 is not a crash test.)
    public async Task TC_032_2_and_TC_037_1_SIGKILL_mid_charge_loses_nothing_and_doubles_nothing()
    {
        await StartAsync();
        await _csms.WaitForStatusAsync("Available", within: TimeSpan.FromSeconds(60));
        _device.Execute("plug 32");
        _device.Execute("connect");
        await AwaitStateAsync(3);
        using (var start = await _http.PostAsync("/api/charge/start", new StringContent("""{"user_id":"crash-1"}""", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        _device.Execute("charge");
        await _csms.WaitForStatusAsync("Charging");
        await _csms.WaitForCallAsync("StartTransaction");
        // Killed once the StartTransaction.conf is journaled. (Killed between the central system's answer and that
        // journaling, the same StartTransaction, same timestamp, idTag and meterStart, would be sent again: OCPP 1.6 has
        // no way to make it idempotent.)
        await AwaitOutboxDepthAsync(0);

        await _daemon!.KillAsync();
        await StartAsync();
        await _csms.WaitForCallAsync("BootNotification", count: 2, within: TimeSpan.FromSeconds(60));
        await _csms.WaitForStatusAsync("Charging", count: 2);
        using (var stop = await _http.PostAsync("/api/charge/stop", null)) Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        var stopTransaction = await _csms.WaitForCallAsync("StopTransaction");
        Assert.Equal(1000, stopTransaction.GetProperty("transactionId").GetInt32());
        Assert.Single(_csms.Calls("StartTransaction"));

        // Down, a second charge starts and stops; SIGKILL with its messages queued; back up, each arrives once.
        _device.Execute("unplug");
        await AwaitStateAsync(1);
        await _csms.DownAsync();
        _device.Execute("plug 32");
        _device.Execute("connect");
        await AwaitStateAsync(3);
        // Offline: crash-1 starts from the authorization cache (LocalAuthorizeOffline), filled before the first SIGKILL.
        using (var start = await _http.PostAsync("/api/charge/start", new StringContent("""{"user_id":"crash-1"}""", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        _device.Execute("charge");
        await AwaitStateAsync(5);
        using (var stop = await _http.PostAsync("/api/charge/stop", null)) Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        await AwaitStateAsync(7);
        await TestKit.Retry.UntilAsync(async () =>
        {
            var ocpp = (await _http.GetFromJsonAsync<JsonElement>("/api/chargers/cp-1/ocpp")).GetProperty("data");
            return ocpp.GetProperty("outbox_depth").GetInt32() >= 2;
        }, "the second charge's messages to be queued");
        await _daemon!.KillAsync();
        await _csms.UpAsync();
        await StartAsync();
        await _csms.WaitForCallAsync("StopTransaction", count: 2, within: TimeSpan.FromSeconds(60));
        await TestKit.Retry.UntilAsync(async () =>
        {
            var ocpp = (await _http.GetFromJsonAsync<JsonElement>("/api/chargers/cp-1/ocpp")).GetProperty("data");
            return ocpp.GetProperty("outbox_depth").GetInt32() == 0;
        }, "the outbox to drain");

        Assert.Equal(2, _csms.Calls("StartTransaction").Count);
        Assert.Equal([1000, 1001], _csms.Calls("StopTransaction").Select(p => p.GetProperty("transactionId").GetInt32()));
        Assert.Equal(["crash-1", "crash-1"], _csms.Calls("StartTransaction").Select(p => p.GetProperty("idTag").GetString()));
        Assert.Empty(_csms.Failures);
        _passed = true;
    }
}
