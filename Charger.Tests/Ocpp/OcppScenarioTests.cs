using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Charger.Host.Configuration.Settings;
using Charger.Tests.Host.EndToEnd;
using Xunit.Abstractions;

namespace Charger.Tests.Ocpp;

/// <summary>
/// The daemon (in process, the ESP32 simulator on a real pty) as an OCPP 1.6J charge point of a strict central system
/// (ocpp-rpc in strictMode, <see cref="StrictCsms"/>) over a real WebSocket on 127.0.0.1. Each scenario is named after
/// the OCA 1.6 test case it follows, and every one ends asserting that the peer logged no validation failure.
/// </summary>
public sealed class OcppScenarioTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ChargePointId = "CP 1/Süd";
    private const string AuthorizationKey = "ocpp-basic-auth-key-0123456789";

    private StrictCsms _csms = null!;
    private RunningDaemon? _daemon;
    private bool _passed;

    public async Task InitializeAsync() => _csms = await StrictCsms.StartAsync(output);

    public async Task DisposeAsync()
    {
        if (!_passed) output.WriteLine("CSMS log:\n" + _csms.Log());
        if (_daemon is not null) await _daemon.DisposeAsync();
        await _csms.DisposeAsync();
    }

    private async Task<RunningDaemon> StartDaemonAsync(Action<OcppSettings>? configure = null)
    {
        _daemon = await RunningDaemon.StartAsync(settings =>
        {
            settings.Ocpp.Url = _csms.Endpoint.ToString();
            settings.Ocpp.ChargePointId = ChargePointId;
            settings.Ocpp.AuthorizationKey = AuthorizationKey;
            settings.Ocpp.MinBackoff = TimeSpan.FromSeconds(1);
            settings.Ocpp.MaxBackoff = TimeSpan.FromSeconds(2);
            settings.Ocpp.TransactionMessageRetryInterval = TimeSpan.FromSeconds(1);
            settings.Ocpp.CallTimeout = TimeSpan.FromSeconds(10);
            configure?.Invoke(settings.Ocpp);
        });
        await _daemon.AwaitStateAsync(1);
        return _daemon;
    }

    private void AssertNoValidationFailure()
    {
        var failures = _csms.Failures;
        Assert.True(failures.Count == 0, "the strict CSMS logged:\n" + string.Join('\n', failures.Select(f => f.GetRawText())));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task PlugInAsync(RunningDaemon daemon)
    {
        daemon.Device.Execute("plug 32");
        daemon.Device.Execute("connect");
        await daemon.AwaitStateAsync(3);
    }

    private async Task StartWithApiAsync(RunningDaemon daemon, string user)
    {
        using var start = await daemon.Control.PostAsync("/api/charge/start", Json($$"""{"user_id":"{{user}}"}"""));
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
    }

    private async Task<JsonElement> OcppViewAsync(RunningDaemon daemon)
    {
        using var response = await daemon.Reader.GetAsync("/api/chargers/cp-1/ocpp");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("data");
    }

    [Fact]
    public async Task TC_001_cold_boot_then_heartbeat_and_a_reconnect_without_boot()
    {
        await _csms.SetAsync(new { bootInterval = 1 });
        await StartDaemonAsync();

        var handshake = await _csms.WaitForAsync(e => StrictCsms.Kind(e) == "handshake", "a handshake");
        Assert.Equal(ChargePointId, handshake.GetProperty("identity").GetString());
        Assert.Contains("ocpp1.6", handshake.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(AuthorizationKey, handshake.GetProperty("password").GetString());

        var boot = await _csms.WaitForCallAsync("BootNotification");
        Assert.Equal("Charger", boot.GetProperty("chargePointVendor").GetString());
        await _csms.WaitForStatusAsync("Available", connector: 0);
        await _csms.WaitForStatusAsync("Available", connector: 1);
        // The interval of the accepted boot (1 s) paces the heartbeats.
        await _csms.WaitForCallAsync("Heartbeat", count: 2);
        Assert.Equal("BootNotification", _csms.CallsFromChargePoint[0].Action);

        var view = await OcppViewAsync(_daemon!);
        Assert.Equal("connected", view.GetProperty("connection").GetString());
        Assert.Equal("Accepted", view.GetProperty("last_boot").GetProperty("status").GetString());

        // The CSMS goes away and comes back: the charge point reconnects through its backoff, without a second boot,
        // and tells every connector's current status again.
        await _csms.DownAsync();
        await _csms.UpAsync();
        await _csms.WaitForAsync(e => StrictCsms.Kind(e) == "connected", "the reconnect", TimeSpan.FromSeconds(30));
        await _csms.WaitForStatusAsync("Available", connector: 1, count: 2, within: TimeSpan.FromSeconds(30));
        await _csms.WaitForStatusAsync("Available", connector: 0, count: 2);
        Assert.Single(_csms.Calls("BootNotification"));
        AssertNoValidationFailure();
        _passed = true;
    }

    [Fact]
    public async Task TC_003_charging_session_plug_in_first_with_the_exact_status_sequence()
    {
        var daemon = await StartDaemonAsync();
        await _csms.WaitForStatusAsync("Available");

        await PlugInAsync(daemon);
        await _csms.WaitForStatusAsync("Preparing");
        await StartWithApiAsync(daemon, "driver-7");
        var start = await _csms.WaitForCallAsync("StartTransaction");
        Assert.Equal(("driver-7", 0, 1), (start.GetProperty("idTag").GetString(), start.GetProperty("meterStart").GetInt32(), start.GetProperty("connectorId").GetInt32()));
        daemon.Device.Execute("charge");
        await _csms.WaitForStatusAsync("Charging");
        using (var stop = await daemon.Control.PostAsync("/api/charge/stop", null)) Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        var stopTransaction = await _csms.WaitForCallAsync("StopTransaction");
        await _csms.WaitForStatusAsync("Finishing");
        daemon.Device.Execute("unplug");
        await _csms.WaitForStatusAsync("Available", count: 2);

        Assert.Equal(["Available", "Preparing", "SuspendedEV", "Charging", "Finishing", "Available"], _csms.Statuses());
        Assert.Equal(1000, stopTransaction.GetProperty("transactionId").GetInt32());
        Assert.Equal(("Local", 0), (stopTransaction.GetProperty("reason").GetString(), stopTransaction.GetProperty("meterStop").GetInt32()));
        var actions = _csms.CallsFromChargePoint.Select(c => c.Action).Where(a => a.EndsWith("Transaction", StringComparison.Ordinal)).ToList();
        Assert.Equal(["StartTransaction", "StopTransaction"], actions);
        AssertNoValidationFailure();
        _passed = true;
    }
}
