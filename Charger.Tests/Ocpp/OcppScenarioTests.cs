using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Charger.Host.Configuration.Settings;
using Charger.Host.Simulate;
using Charger.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;
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

    private async Task<RunningDaemon> StartDaemonAsync(Action<OcppSettings>? configure = null, SimulatedDevice? device = null, string? dataDirectory = null,
        bool meter = false)
    {
        _daemon = await RunningDaemon.StartAsync(device: device, dataDirectory: dataDirectory, simulatedMeter: meter, configure: settings =>
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

    /// <summary>The sessions of cp-1, newest first, as <c>/api/chargers/cp-1/sessions</c> shows them.</summary>
    internal static async Task<IReadOnlyList<JsonElement>> SessionsAsync(RunningDaemon daemon) =>
        [.. (await daemon.Reader.GetFromJsonAsync<JsonElement>("/api/chargers/cp-1/sessions")).GetProperty("data").GetProperty("sessions").EnumerateArray()];

    /// <summary>Waits until the newest session shows this OCPP transaction id (the projection writes the tables a moment later).</summary>
    private static Task AwaitSessionTransactionIdAsync(RunningDaemon daemon, int transactionId) =>
        RunningDaemon.AwaitAsync(async () => await SessionsAsync(daemon) is [var newest, ..]
            && newest.GetProperty("ocpp_transaction_id") is { ValueKind: JsonValueKind.Number } id && id.GetInt32() == transactionId,
            $"the session to show ocpp_transaction_id {transactionId}");

    [Fact]
    public async Task TC_001_cold_boot_then_heartbeat_and_a_reconnect_without_boot()
    {
        await _csms.SetAsync(new { bootInterval = 1 });
        await StartDaemonAsync();

        var handshake = await _csms.WaitForAsync(e => StrictCsms.Kind(e) == "handshake", "a handshake");
        Assert.Equal(ChargePointId, handshake.GetProperty("identity").GetString());
        Assert.Contains("ocpp1.6", handshake.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(AuthorizationKey))),
            handshake.GetProperty("passwordSha256").GetString());

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
        var metrics = PrometheusText.Parse(await _daemon!.Reader.GetStringAsync("/metrics"));
        Assert.Equal(1, metrics.Value("charger_ocpp_connected", ("charger", "cp-1")));
        Assert.Equal(0, metrics.Value("charger_ocpp_outbox_depth", ("charger", "cp-1")));
        Assert.Equal(1, metrics.Value("charger_ocpp_calls_total", ("charger", "cp-1"), ("action", "BootNotification"), ("result", "accepted")));

        // The CSMS goes away and comes back: the charge point reconnects through its backoff, without a second boot,
        // and tells every connector's current status again.
        await _csms.DownAsync();
        await _csms.UpAsync();
        await _csms.WaitForAsync(e => StrictCsms.Kind(e) == "connected", "the reconnect", TimeSpan.FromSeconds(30));
        await _csms.WaitForStatusAsync("Available", connector: 1, count: 2, within: TimeSpan.FromSeconds(30));
        await _csms.WaitForStatusAsync("Available", connector: 0, count: 2);
        Assert.Single(_csms.Calls("BootNotification"));
        _csms.AssertNoValidationFailure();
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
        // transactionData: the register at the begin and the end (0 and 0 without a meter), as meterStart and meterStop.
        var data = stopTransaction.GetProperty("transactionData").EnumerateArray().Select(v => v.GetProperty("sampledValue")[0]).ToList();
        Assert.Equal([("Transaction.Begin", "0"), ("Transaction.End", "0")],
            data.Select(v => (v.GetProperty("context").GetString(), v.GetProperty("value").GetString())));
        var authorize = Assert.Single(_csms.Calls("Authorize"));
        Assert.Equal("driver-7", authorize.GetProperty("idTag").GetString());
        // The session of this charge keeps the transaction's id (it opened when the EV drew, after StartTransaction.conf).
        await AwaitSessionTransactionIdAsync(daemon, 1000);
        var actions = _csms.CallsFromChargePoint.Select(c => c.Action).Where(a => a.EndsWith("Transaction", StringComparison.Ordinal)).ToList();
        Assert.Equal(["StartTransaction", "StopTransaction"], actions);
        _csms.AssertNoValidationFailure();
        _passed = true;
    }

    private static string Status(JsonElement conf) => conf.GetProperty("status").GetString()!;

    private async Task ChargeWithApiAsync(RunningDaemon daemon, string user)
    {
        await PlugInAsync(daemon);
        await StartWithApiAsync(daemon, user);
        daemon.Device.Execute("charge");
        await daemon.AwaitStateAsync(5);
    }

    private async Task StopWithApiAsync(RunningDaemon daemon)
    {
        using var stop = await daemon.Control.PostAsync("/api/charge/stop", null);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
    }

    [Fact]
    public async Task TC_010_and_TC_012_remote_start_with_the_cable_plugged_in_first_then_remote_stop()
    {
        var daemon = await StartDaemonAsync();
        await _csms.WaitForStatusAsync("Available");
        await PlugInAsync(daemon);
        await _csms.WaitForStatusAsync("Preparing");

        Assert.Equal("Accepted", Status(await _csms.CallAsync("RemoteStartTransaction", new { idTag = "remote-1", connectorId = 1 })));
        var start = await _csms.WaitForCallAsync("StartTransaction");
        Assert.Equal("remote-1", start.GetProperty("idTag").GetString());
        daemon.Device.Execute("charge");
        await _csms.WaitForStatusAsync("Charging");

        Assert.Equal("Rejected", Status(await _csms.CallAsync("RemoteStopTransaction", new { transactionId = 4711 })));
        Assert.Equal("Accepted", Status(await _csms.CallAsync("RemoteStopTransaction", new { transactionId = 1000 })));
        var stop = await _csms.WaitForCallAsync("StopTransaction");
        Assert.Equal((1000, "Remote"), (stop.GetProperty("transactionId").GetInt32(), stop.GetProperty("reason").GetString()));
        await _csms.WaitForStatusAsync("Finishing");
        await daemon.AwaitStateAsync(7);

        // The same state check as the HTTP API: nothing waits for a start while Finishing.
        Assert.Equal("Rejected", Status(await _csms.CallAsync("RemoteStartTransaction", new { idTag = "remote-2" })));
        Assert.Single(_csms.Calls("StartTransaction"));
        _csms.AssertNoValidationFailure();
        _passed = true;
    }

    [Fact]
    public async Task TC_019_and_TC_021_get_and_change_configuration()
    {
        await StartDaemonAsync();
        await _csms.WaitForStatusAsync("Available");

        var all = (await _csms.CallAsync("GetConfiguration", new { })).GetProperty("configurationKey").EnumerateArray()
            .ToDictionary(k => k.GetProperty("key").GetString()!, k => (Readonly: k.GetProperty("readonly").GetBoolean(), Value: k.GetProperty("value").GetString()));
        Assert.Equal((false, "1"), all["TransactionMessageRetryInterval"]);
        Assert.Equal((true, "1"), all["NumberOfConnectors"]);
        Assert.Equal((true, "Core,RemoteTrigger"), all["SupportedFeatureProfiles"]);

        Assert.Equal("Accepted", Status(await _csms.CallAsync("ChangeConfiguration", new { key = "MeterValueSampleInterval", value = "30" })));
        Assert.Equal("Rejected", Status(await _csms.CallAsync("ChangeConfiguration", new { key = "NumberOfConnectors", value = "2" })));
        Assert.Equal("Rejected", Status(await _csms.CallAsync("ChangeConfiguration", new { key = "HeartbeatInterval", value = "soon" })));
        Assert.Equal("NotSupported", Status(await _csms.CallAsync("ChangeConfiguration", new { key = "NoSuchKey", value = "1" })));

        var some = await _csms.CallAsync("GetConfiguration", new { key = new[] { "MeterValueSampleInterval", "NoSuchKey" } });
        var key = Assert.Single(some.GetProperty("configurationKey").EnumerateArray());
        Assert.Equal(("MeterValueSampleInterval", "30"), (key.GetProperty("key").GetString(), key.GetProperty("value").GetString()));
        Assert.Equal(["NoSuchKey"], some.GetProperty("unknownKey").EnumerateArray().Select(k => k.GetString()));
        _csms.AssertNoValidationFailure();
        _passed = true;
    }

    [Fact]
    public async Task Unknown_actions_are_NotImplemented_unsupported_ones_NotSupported_and_malformed_payloads_get_a_CALLERROR()
    {
        await StartDaemonAsync();
        await _csms.WaitForStatusAsync("Available");

        var unsupported = await Assert.ThrowsAsync<OcppCallFailedException>(() => _csms.CallAsync("GetLocalListVersion", new { }));
        Assert.Equal("NotSupported", unsupported.Code);
        Assert.Equal("NotSupported", Status(await _csms.CallAsync("UnlockConnector", new { connectorId = 1 })));

        await _csms.SendRawAsync("""[2,"unknown-action-1","FlyToTheMoon",{}]""");
        await _csms.SendRawAsync("""[2,"bad-payload-1","ChangeAvailability",{"connectorId":"one","type":"Inoperative"}]""");
        await _csms.SendRawAsync("""[2,"bad-payload-2","ChangeAvailability",{"type":"Inoperative"}]""");
        var unknown = await ErrorReplyAsync("unknown-action-1");
        Assert.Equal("NotImplemented", unknown[2].GetString());
        Assert.Contains(( await ErrorReplyAsync("bad-payload-1"))[2].GetString(), new[] { "FormationViolation", "TypeConstraintViolation" });
        Assert.Equal("OccurenceConstraintViolation", (await ErrorReplyAsync("bad-payload-2"))[2].GetString());

        // ocpp-rpc reports our answers to its raw CALLs as answers to no call of its own (badMessage); nothing else may fail.
        Assert.DoesNotContain(_csms.Events, e => StrictCsms.Kind(e) == "validationFailure");
        string[] ours = ["unknown-action-1", "bad-payload-1", "bad-payload-2"];
        Assert.All(_csms.Events.Where(e => StrictCsms.Kind(e) == "badMessage"),
            e => Assert.Contains(ours, id => e.GetProperty("text").GetString()!.Contains(id, StringComparison.Ordinal)));
        _passed = true;
    }

    private async Task<JsonElement> ErrorReplyAsync(string messageId)
    {
        var evt = await _csms.WaitForAsync(e => StrictCsms.Kind(e) == "message" && !e.GetProperty("outbound").GetBoolean()
            && e.GetProperty("payload")[0].GetInt32() == 4 && e.GetProperty("payload")[1].GetString() == messageId, $"the CALLERROR for {messageId}");
        return evt.GetProperty("payload").Clone();
    }

    [Fact]
    public async Task TC_039_central_system_down_for_a_whole_charge_then_back_gets_every_transaction_message_in_order()
    {
        var daemon = await StartDaemonAsync(o => o.MeterValueSampleInterval = TimeSpan.FromSeconds(1));
        await _csms.WaitForStatusAsync("Available");
        // The idTag must be in the authorization cache to start offline (LocalAuthorizeOffline): a start while Idle asks
        // Authorize (Accepted, cached) and is then refused by the state.
        using (var early = await daemon.Control.PostAsync("/api/chargers/cp-1/charge/start", Json("""{"user_id":"offline-1"}""")))
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        await _csms.WaitForCallAsync("Authorize");
        await _csms.DownAsync();
        await RunningDaemon.AwaitAsync(async () => (await OcppViewAsync(daemon)).GetProperty("connection").GetString() != "connected", "the charge point to notice");

        await ChargeWithApiAsync(daemon, "offline-1");
        await RunningDaemon.AwaitAsync(async () => (await OcppViewAsync(daemon)).GetProperty("outbox_depth").GetInt32() >= 3, "meter values to queue");
        await StopWithApiAsync(daemon);
        await daemon.AwaitStateAsync(7);
        daemon.Device.Execute("unplug");
        await daemon.AwaitStateAsync(1);
        var queued = await OcppViewAsync(daemon);
        Assert.Equal("StartTransaction", queued.GetProperty("oldest_queued").GetProperty("action").GetString());
        var depth = queued.GetProperty("outbox_depth").GetInt32();

        await _csms.UpAsync();
        await _csms.WaitForCallAsync("StopTransaction", within: TimeSpan.FromSeconds(30));
        await RunningDaemon.AwaitAsync(async () => (await OcppViewAsync(daemon)).GetProperty("outbox_depth").GetInt32() == 0, "the outbox to drain");

        // The session had closed long before StartTransaction.conf came: it still gets the transaction's id.
        await AwaitSessionTransactionIdAsync(daemon, 1000);
        var transaction = _csms.CallsFromChargePoint.Where(c => c.Action is "StartTransaction" or "StopTransaction" or "MeterValues").ToList();
        Assert.Equal(depth, transaction.Count);
        Assert.Equal("StartTransaction", transaction[0].Action);
        Assert.Equal("StopTransaction", transaction[^1].Action);
        Assert.All(transaction[1..^1], c => Assert.Equal("MeterValues", c.Action));
        Assert.All(transaction.Skip(1), c => Assert.Equal(1000, c.Payload.GetProperty("transactionId").GetInt32()));
        var times = transaction.Select(c => c.Action == "MeterValues"
            ? c.Payload.GetProperty("meterValue")[0].GetProperty("timestamp").GetDateTimeOffset()
            : c.Payload.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
        // Statuses are never queued offline: after the reconnect only the current one, no boot.
        Assert.Equal(["Available", "Available"], _csms.Statuses());
        Assert.Single(_csms.Calls("BootNotification"));
        _csms.AssertNoValidationFailure();
        _passed = true;
    }

    private static IEnumerable<JsonElement> SampledValuesOf(JsonElement meterValues) =>
        meterValues.GetProperty("meterValue").EnumerateArray().SelectMany(v => v.GetProperty("sampledValue").EnumerateArray());

    private static double EnergyOf(JsonElement meterValues) => double.Parse(SampledValuesOf(meterValues)
        .Single(v => v.GetProperty("measurand").GetString() == "Energy.Active.Import.Register").GetProperty("value").GetString()!,
        System.Globalization.CultureInfo.InvariantCulture);

    private static bool Has(JsonElement meterValues, string measurand, string context) =>
        SampledValuesOf(meterValues).Any(v => v.GetProperty("measurand").GetString() == measurand && v.GetProperty("context").GetString() == context);

    [Fact]
    public async Task A_charge_with_the_simulated_meter_reports_the_register_in_start_meter_values_and_stop()
    {
        var daemon = await StartDaemonAsync(o =>
        {
            o.MeterValueSampleInterval = TimeSpan.FromSeconds(1);
            o.ClockAlignedDataInterval = TimeSpan.FromSeconds(2);
        }, meter: true);
        await RunningDaemon.AwaitAsync(async () => (await daemon.AwaitStateAsync(1)).GetProperty("meter").GetProperty("fresh").GetBoolean(),
            "a fresh meter reading", TimeSpan.FromSeconds(30));
        // Clock-aligned values come outside a transaction too: connector 1, no transactionId, the aligned measurands only.
        var idle = await _csms.WaitForCallAsync("MeterValues", m => Has(m, "Energy.Active.Import.Register", "Sample.Clock"), within: TimeSpan.FromSeconds(30));
        Assert.False(idle.TryGetProperty("transactionId", out _));
        Assert.Equal(1, idle.GetProperty("connectorId").GetInt32());

        await PlugInAsync(daemon);
        await StartWithApiAsync(daemon, "driver-9");
        var start = await _csms.WaitForCallAsync("StartTransaction");
        // Nothing flows before the vehicle charges: the register is still the simulator's, to the Wh.
        var meterStart = start.GetProperty("meterStart").GetInt32();
        Assert.Equal((int)Math.Round(daemon.Device.Meter.EnergyWh, MidpointRounding.AwayFromZero), meterStart);
        Assert.True(meterStart >= 1_234_500, $"meterStart {meterStart}");

        daemon.Device.Execute("charge");
        await daemon.AwaitStateAsync(5);
        bool Periodic(JsonElement m) => m.TryGetProperty("transactionId", out _) && Has(m, "Energy.Active.Import.Register", "Sample.Periodic");
        var samples = await _csms.WaitForCallAsync("MeterValues", m => Periodic(m) && EnergyOf(m) > meterStart, count: 3, within: TimeSpan.FromSeconds(30));
        var periodic = _csms.Calls("MeterValues").Where(Periodic).ToList();
        var energies = periodic.Select(EnergyOf).ToList();
        Assert.Equal(energies.Order(), energies);
        Assert.True(energies[^1] > energies[0], $"the register did not rise: {string.Join(", ", energies)}");
        Assert.All(periodic, m => Assert.Equal(1000, m.GetProperty("transactionId").GetInt32()));
        var last = periodic[^1];
        Assert.True(Has(last, "Power.Active.Import", "Sample.Periodic") && Has(last, "Current.Offered", "Sample.Periodic"), last.ToString());
        Assert.Equal(["L1", "L2", "L3"], SampledValuesOf(last).Where(v => v.GetProperty("measurand").GetString() == "Current.Import")
            .Select(v => v.GetProperty("phase").GetString()));
        // Clock-aligned values in the transaction carry its id too.
        await _csms.WaitForCallAsync("MeterValues", m => m.TryGetProperty("transactionId", out _) && Has(m, "Energy.Active.Import.Register", "Sample.Clock"),
            within: TimeSpan.FromSeconds(30));

        await StopWithApiAsync(daemon);
        var stop = await _csms.WaitForCallAsync("StopTransaction");
        var meterStop = stop.GetProperty("meterStop").GetInt32();
        Assert.True(meterStop >= meterStart && meterStop >= (int)Math.Floor(energies[^1]), $"meterStart {meterStart}, meterStop {meterStop}, last sample {energies[^1]}");
        Assert.True(meterStop <= daemon.Device.Meter.EnergyWh + 1, $"meterStop {meterStop} is above the simulator's register {daemon.Device.Meter.EnergyWh}");
        Assert.Equal([meterStart.ToString(System.Globalization.CultureInfo.InvariantCulture), meterStop.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            stop.GetProperty("transactionData").EnumerateArray().Select(v => v.GetProperty("sampledValue")[0].GetProperty("value").GetString()));
        _csms.AssertNoValidationFailure();
        _passed = true;
    }

    [Fact]
    public async Task A_StopTransaction_answered_with_CALLERROR_is_retried_then_dropped_after_TransactionMessageAttempts()
    {
        var daemon = await StartDaemonAsync(o => o.TransactionMessageAttempts = 2);
        await _csms.WaitForStatusAsync("Available");
        await _csms.SetAsync(new { stopTransactionErrors = 10 });
        await ChargeWithApiAsync(daemon, "driver-8");
        await _csms.WaitForCallAsync("StartTransaction");
        await StopWithApiAsync(daemon);

        await _csms.WaitForCallAsync("StopTransaction", count: 2);
        await RunningDaemon.AwaitAsync(async () => (await OcppViewAsync(daemon)).GetProperty("outbox_depth").GetInt32() == 0, "the StopTransaction to be dropped");
        await _csms.WaitForStatusAsync("Finishing");
        Assert.Equal(2, _csms.Calls("StopTransaction").Count);
        Assert.All(_csms.Calls("StopTransaction"), p => Assert.Equal(1000, p.GetProperty("transactionId").GetInt32()));
        _csms.AssertNoValidationFailure();
        _passed = true;
    }

    [Fact]
    public async Task ChangeAvailability_to_Inoperative_during_a_charge_is_Scheduled_takes_effect_after_it_and_survives_a_restart()
    {
        var dir = Directory.CreateTempSubdirectory("charger-ocpp-").FullName;
        using var device = new SimulatedDevice(Path.Combine(dir, "simulator", "ttyESP32"));
        try
        {
            var daemon = await StartDaemonAsync(device: device, dataDirectory: dir);
            await _csms.WaitForStatusAsync("Available");
            await ChargeWithApiAsync(daemon, "driver-9");
            await _csms.WaitForStatusAsync("Charging");

            Assert.Equal("Scheduled", Status(await _csms.CallAsync("ChangeAvailability", new { connectorId = 1, type = "Inoperative" })));
            await StopWithApiAsync(daemon);
            await _csms.WaitForCallAsync("StopTransaction");
            await _csms.WaitForStatusAsync("Unavailable");
            daemon.Device.Execute("unplug");
            await daemon.AwaitStateAsync(1);
            Assert.Equal("Rejected", Status(await _csms.CallAsync("RemoteStartTransaction", new { idTag = "remote-3" })));

            await _daemon!.DisposeAsync();
            _daemon = null;
            await StartDaemonAsync(device: device, dataDirectory: dir);
            await _csms.WaitForStatusAsync("Unavailable", count: 2, within: TimeSpan.FromSeconds(30));
            Assert.Equal("Accepted", Status(await _csms.CallAsync("ChangeAvailability", new { connectorId = 1, type = "Operative" })));
            await _csms.WaitForStatusAsync("Available", count: 2);
            // Ready (SuspendedEV) lasts until the EV draws: a charge begun right after the start can pass it between two polls.
            Assert.Equal(["Available", "Preparing", "Charging", "Unavailable", "Unavailable", "Available"], _csms.Statuses().Where(s => s != "SuspendedEV"));
            _csms.AssertNoValidationFailure();
            _passed = true;
        }
        finally
        {
            if (_daemon is not null) await _daemon.DisposeAsync();
            _daemon = null;
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task TC_016_soft_reset_during_a_charge_sends_StopTransaction_first_then_reconnects_without_a_boot()
    {
        var daemon = await StartDaemonAsync();
        await _csms.WaitForStatusAsync("Available");
        await ChargeWithApiAsync(daemon, "driver-10");
        await _csms.WaitForStatusAsync("Charging");

        Assert.Equal("Accepted", Status(await _csms.CallAsync("Reset", new { type = "Soft" })));
        var stop = await _csms.WaitForCallAsync("StopTransaction");
        Assert.Equal("SoftReset", stop.GetProperty("reason").GetString());
        await _csms.WaitForAsync(e => StrictCsms.Kind(e) == "disconnected", "the soft reset's disconnect");
        await _csms.WaitForAsync(e => StrictCsms.Kind(e) == "connected" && _csms.Events.Count(x => StrictCsms.Kind(x) == "connected") >= 2, "the reconnect");
        await _csms.WaitForStatusAsync("Available", connector: 0, count: 2);
        Assert.Single(_csms.Calls("BootNotification"));
        Assert.Single(_csms.Calls("StartTransaction"));
        _csms.AssertNoValidationFailure();
        _passed = true;
    }

    [Fact]
    public async Task TC_054_trigger_message_sends_what_was_asked()
    {
        await StartDaemonAsync();
        await _csms.WaitForStatusAsync("Available");
        Assert.Equal("Accepted", Status(await _csms.CallAsync("TriggerMessage", new { requestedMessage = "StatusNotification", connectorId = 1 })));
        await _csms.WaitForStatusAsync("Available", count: 2);
        Assert.Equal("Accepted", Status(await _csms.CallAsync("TriggerMessage", new { requestedMessage = "Heartbeat" })));
        await _csms.WaitForCallAsync("Heartbeat");
        Assert.Equal("Accepted", Status(await _csms.CallAsync("TriggerMessage", new { requestedMessage = "MeterValues", connectorId = 1 })));
        await _csms.WaitForCallAsync("MeterValues");
        Assert.Equal("NotImplemented", Status(await _csms.CallAsync("TriggerMessage", new { requestedMessage = "DiagnosticsStatusNotification" })));
        _csms.AssertNoValidationFailure();
        _passed = true;
    }

    [Fact]
    public async Task TC_002_a_pending_boot_is_repeated_after_its_interval_and_nothing_else_is_sent_until_accepted()
    {
        await _csms.SetAsync(new { bootStatus = "Pending", bootInterval = 1 });
        await StartDaemonAsync();
        await _csms.WaitForCallAsync("BootNotification");
        await _csms.SetAsync(new { bootStatus = "Accepted", bootInterval = 300 });
        await _csms.WaitForCallAsync("BootNotification", count: 2);
        await _csms.WaitForStatusAsync("Available", connector: 0);

        var actions = _csms.CallsFromChargePoint.Select(c => c.Action).ToList();
        var accepted = actions.LastIndexOf("BootNotification");
        Assert.All(actions[..accepted], a => Assert.Equal("BootNotification", a));
        Assert.Equal("Accepted", (await OcppViewAsync(_daemon!)).GetProperty("last_boot").GetProperty("status").GetString());
        _csms.AssertNoValidationFailure();
        _passed = true;
    }

    [Fact]
    public async Task TC_015_hard_reset_during_a_charge_sends_StopTransaction_then_stops_the_daemon_for_systemd_to_restart()
    {
        var daemon = await StartDaemonAsync();
        await _csms.WaitForStatusAsync("Available");
        await ChargeWithApiAsync(daemon, "driver-11");
        await _csms.WaitForStatusAsync("Charging");

        Assert.Equal("Accepted", Status(await _csms.CallAsync("Reset", new { type = "Hard" })));
        var stop = await _csms.WaitForCallAsync("StopTransaction");
        Assert.Equal(("HardReset", 1000), (stop.GetProperty("reason").GetString(), stop.GetProperty("transactionId").GetInt32()));
        await _csms.WaitForAsync(e => StrictCsms.Kind(e) == "disconnected", "the hard reset's disconnect");
        var lifetime = daemon.App.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        await RunningDaemon.AwaitAsync(() => Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested), "the daemon to stop");
        _csms.AssertNoValidationFailure();
        _passed = true;
    }
}
