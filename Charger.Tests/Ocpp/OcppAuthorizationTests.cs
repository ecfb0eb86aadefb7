using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Charger.Actors.Simulation;
using Charger.Host.Configuration.Settings;
using Charger.Host.Simulate;
using Charger.Tests.Host.EndToEnd;
using Xunit.Abstractions;

namespace Charger.Tests.Ocpp;

/// <summary>
/// API starts of a charger with OCPP (item 4 of issue 15), through HTTP and a strict central system (ocpp-rpc in
/// strictMode) over a real WebSocket, on the simulated ESP32: the central system's Authorize decides before anything
/// goes to the firmware; offline the journaled authorization cache decides (LocalAuthorizeOffline), ClearCache empties
/// it, LocalPreAuthorize answers from it at once; a charger made Inoperative refuses starts; without ocpp.url a start
/// goes to the firmware as before.
/// </summary>
public sealed class OcppAuthorizationTests(ITestOutputHelper output) : IAsyncLifetime
{
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

    private async Task<RunningDaemon> StartDaemonAsync(SimulatedDevice? device = null, string? dataDirectory = null, bool ocpp = true)
    {
        _daemon = await RunningDaemon.StartAsync(device: device, dataDirectory: dataDirectory, configure: settings =>
        {
            if (!ocpp) return;
            settings.Ocpp.Url = _csms.Endpoint.ToString();
            settings.Ocpp.ChargePointId = "cp-auth";
            settings.Ocpp.MinBackoff = TimeSpan.FromSeconds(1);
            settings.Ocpp.MaxBackoff = TimeSpan.FromSeconds(2);
            settings.Ocpp.TransactionMessageRetryInterval = TimeSpan.FromSeconds(1);
        });
        await _daemon.AwaitStateAsync(1);
        return _daemon;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> StartAsync(RunningDaemon daemon, string user)
    {
        using var response = await daemon.Control.PostAsync("/api/chargers/cp-1/charge/start",
            new StringContent($$"""{"user_id":"{{user}}"}""", Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task PlugInAsync(RunningDaemon daemon)
    {
        daemon.Device.Execute("plug 32");
        daemon.Device.Execute("connect");
        await daemon.AwaitStateAsync(3);
    }

    private async Task<string> ConnectionAsync(RunningDaemon daemon) =>
        (await daemon.Reader.GetFromJsonAsync<JsonElement>("/api/chargers/cp-1/ocpp")).GetProperty("data").GetProperty("connection").GetString()!;

    /// <summary>Nothing reached the firmware: no AUTH, no grant, still EvConnected.</summary>
    private static void AssertFirmwareNotAuthorized(RunningDaemon daemon)
    {
        Assert.False(daemon.Device.Simulator.Inspect(f => f.AuthEnabled));
        Assert.Equal(AuthorizationStatus.Waiting, daemon.Device.Simulator.Inspect(f => f.Authorization));
        Assert.Equal(FirmwareState.EvConnected, daemon.Device.Simulator.State);
    }

    private static string Code(JsonElement body) => body.GetProperty("error_code").GetString()!;

    [Fact]
    public async Task An_idTag_the_central_system_does_not_accept_is_refused_with_403_and_nothing_reaches_the_firmware()
    {
        await _csms.SetAsync(new { authorizeStatusByIdTag = new Dictionary<string, string> { ["blocked-1"] = "Blocked", ["invalid-1"] = "Invalid" } });
        var daemon = await StartDaemonAsync();
        await _csms.WaitForStatusAsync("Available");
        await PlugInAsync(daemon);

        var (status, body) = await StartAsync(daemon, "blocked-1");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(("OCPP_NOT_AUTHORIZED", "Blocked"), (Code(body), body.GetProperty("data").GetProperty("id_tag_status").GetString()));
        Assert.Contains("blocked-1", body.GetProperty("message").GetString());
        using (var legacy = await daemon.Control.PostAsync("/api/charge/start", new StringContent("""{"user_id":"invalid-1"}""", Encoding.UTF8, "application/json")))
        {
            var legacyBody = await legacy.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((HttpStatusCode.Forbidden, "Invalid"), (legacy.StatusCode, legacyBody.GetProperty("data").GetProperty("id_tag_status").GetString()));
        }
        AssertFirmwareNotAuthorized(daemon);
        Assert.Equal(["blocked-1", "invalid-1"], _csms.Calls("Authorize").Select(a => a.GetProperty("idTag").GetString()));

        // Accepted: on through the usual command path, Authorize first, then the transaction with the same idTag.
        var (accepted, _) = await StartAsync(daemon, "driver-1");
        Assert.Equal(HttpStatusCode.OK, accepted);
        var start = await _csms.WaitForCallAsync("StartTransaction");
        Assert.Equal("driver-1", start.GetProperty("idTag").GetString());
        var actions = _csms.CallsFromChargePoint.Select(c => c.Action).ToList();
        Assert.True(actions.LastIndexOf("Authorize") < actions.IndexOf("StartTransaction"), string.Join(", ", actions));
        Assert.Single(_csms.Calls("StartTransaction"));
        _csms.AssertNoValidationFailure();
        _passed = true;
    }

    [Fact]
    public async Task TC_037_1_offline_only_an_idTag_cached_as_Accepted_starts_and_the_cache_survives_a_restart()
    {
        var dir = Directory.CreateTempSubdirectory("charger-ocpp-auth-").FullName;
        using var device = new SimulatedDevice(Path.Combine(dir, "simulator", "ttyESP32"));
        try
        {
            await _csms.SetAsync(new { authorizeStatusByIdTag = new Dictionary<string, string> { ["blocked-2"] = "Blocked" } });
            var daemon = await StartDaemonAsync(device, dir);
            await _csms.WaitForStatusAsync("Available");
            // Online, a start asks Authorize before the state is checked: the answers fill the cache (a start while Idle
            // is then refused by the command path, as without OCPP).
            foreach (var tag in new[] { "known-1", "blocked-2" })
            {
                var (status, body) = await StartAsync(daemon, tag);
                Assert.True(status is HttpStatusCode.Conflict or HttpStatusCode.Forbidden, body.ToString());
            }
            Assert.Equal(2, _csms.Calls("Authorize").Count);
            await RunningDaemon.AwaitAsync(async () => (await daemon.Reader.GetFromJsonAsync<JsonElement>("/api/chargers/cp-1/ocpp"))
                .GetProperty("data").GetProperty("authorization_cache_entries").GetInt32() == 2, "both answers to be journaled in the cache");

            await _daemon!.DisposeAsync();
            _daemon = null;
            await _csms.DownAsync();
            daemon = await StartDaemonAsync(device, dir);
            await RunningDaemon.AwaitAsync(async () => await ConnectionAsync(daemon) != "connected", "the charge point to be offline");
            await PlugInAsync(daemon);

            var (unknown, unknownBody) = await StartAsync(daemon, "unknown-1");
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "OCPP_AUTHORIZATION_UNAVAILABLE"), (unknown, Code(unknownBody)));
            Assert.Contains("not in the authorization cache", unknownBody.GetProperty("message").GetString());
            var (blocked, blockedBody) = await StartAsync(daemon, "blocked-2");
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "OCPP_AUTHORIZATION_UNAVAILABLE"), (blocked, Code(blockedBody)));
            Assert.Contains("Blocked", blockedBody.GetProperty("message").GetString());
            AssertFirmwareNotAuthorized(daemon);

            var (known, knownBody) = await StartAsync(daemon, "known-1");
            Assert.True(known == HttpStatusCode.OK, knownBody.ToString());
            daemon.Device.Execute("charge");
            await daemon.AwaitStateAsync(5);

            // Back online: the offline transaction arrives with the cached idTag.
            await _csms.UpAsync();
            var start = await _csms.WaitForCallAsync("StartTransaction", within: TimeSpan.FromSeconds(30));
            Assert.Equal("known-1", start.GetProperty("idTag").GetString());
            Assert.Equal(2, _csms.Calls("Authorize").Count);
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
    public async Task ClearCache_empties_the_cache_LocalAuthorizeOffline_false_refuses_offline_and_LocalPreAuthorize_answers_from_the_cache()
    {
        var daemon = await StartDaemonAsync();
        await _csms.WaitForStatusAsync("Available");
        var all = (await _csms.CallAsync("GetConfiguration", new { key = new[] { "LocalAuthorizeOffline", "LocalPreAuthorize", "AuthorizationCacheEnabled", "AuthorizeRemoteTxRequests" } }))
            .GetProperty("configurationKey").EnumerateArray()
            .ToDictionary(k => k.GetProperty("key").GetString()!, k => (k.GetProperty("readonly").GetBoolean(), k.GetProperty("value").GetString()));
        Assert.Equal((false, "true"), all["LocalAuthorizeOffline"]);
        Assert.Equal((false, "false"), all["LocalPreAuthorize"]);
        Assert.Equal((false, "true"), all["AuthorizationCacheEnabled"]);
        Assert.Equal((true, "false"), all["AuthorizeRemoteTxRequests"]);
        Assert.Equal("Rejected", (await _csms.CallAsync("ChangeConfiguration", new { key = "LocalPreAuthorize", value = "yes" })).GetProperty("status").GetString());

        // LocalPreAuthorize: a cached Accepted idTag starts at once, even though the central system would now say Blocked.
        await StartAsync(daemon, "pre-1"); // Idle: refused by the state, but cached as Accepted
        Assert.Equal("Accepted", (await _csms.CallAsync("ChangeConfiguration", new { key = "LocalPreAuthorize", value = "true" })).GetProperty("status").GetString());
        await _csms.SetAsync(new { authorizeStatus = "Blocked" });
        await PlugInAsync(daemon);
        var (pre, preBody) = await StartAsync(daemon, "pre-1");
        Assert.True(pre == HttpStatusCode.OK, preBody.ToString());
        Assert.Single(_csms.Calls("Authorize"));
        await _csms.WaitForCallAsync("StartTransaction");
        using (var stop = await daemon.Control.PostAsync("/api/chargers/cp-1/charge/stop", null)) Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        await _csms.WaitForCallAsync("StopTransaction");
        daemon.Device.Execute("unplug");
        await daemon.AwaitStateAsync(1);

        // StartTransaction.conf said Blocked for pre-1 (cached so); Accepted again, then ClearCache forgets it.
        await _csms.SetAsync(new { authorizeStatus = "Accepted" });
        await StartAsync(daemon, "pre-1");
        Assert.Equal("Accepted", (await _csms.CallAsync("ClearCache", new { })).GetProperty("status").GetString());
        await StartAsync(daemon, "kept-1"); // cached after the clear
        await _csms.DownAsync();
        await RunningDaemon.AwaitAsync(async () => await ConnectionAsync(daemon) != "connected", "the charge point to be offline");
        await PlugInAsync(daemon);
        var (cleared, clearedBody) = await StartAsync(daemon, "pre-1");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "OCPP_AUTHORIZATION_UNAVAILABLE"), (cleared, Code(clearedBody)));
        Assert.Contains("not in the authorization cache", clearedBody.GetProperty("message").GetString());
        AssertFirmwareNotAuthorized(daemon);

        // LocalAuthorizeOffline false: offline even a cached Accepted idTag is refused.
        await _csms.UpAsync();
        await RunningDaemon.AwaitAsync(async () => await ConnectionAsync(daemon) == "connected", "the reconnect", TimeSpan.FromSeconds(30));
        await _csms.WaitForStatusAsync("Available", connector: 0, count: 2, within: TimeSpan.FromSeconds(30));
        Assert.Equal("Accepted", (await _csms.CallAsync("ChangeConfiguration", new { key = "LocalAuthorizeOffline", value = "false" })).GetProperty("status").GetString());
        await _csms.DownAsync();
        await RunningDaemon.AwaitAsync(async () => await ConnectionAsync(daemon) != "connected", "the charge point to be offline");
        var (off, offBody) = await StartAsync(daemon, "kept-1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, off);
        Assert.Contains("LocalAuthorizeOffline is false", offBody.GetProperty("message").GetString());
        AssertFirmwareNotAuthorized(daemon);
        _csms.AssertNoValidationFailure();
        _passed = true;
    }

    [Fact]
    public async Task An_Inoperative_charger_refuses_local_starts_with_409_and_takes_them_again_once_Operative()
    {
        var daemon = await StartDaemonAsync();
        await _csms.WaitForStatusAsync("Available");
        Assert.Equal("Accepted", (await _csms.CallAsync("ChangeAvailability", new { connectorId = 0, type = "Inoperative" })).GetProperty("status").GetString());
        await _csms.WaitForStatusAsync("Unavailable");
        await PlugInAsync(daemon);

        var (status, body) = await StartAsync(daemon, "driver-2");
        Assert.Equal((HttpStatusCode.Conflict, "CHARGER_UNAVAILABLE"), (status, Code(body)));
        AssertFirmwareNotAuthorized(daemon);
        Assert.Empty(_csms.Calls("Authorize"));

        Assert.Equal("Accepted", (await _csms.CallAsync("ChangeAvailability", new { connectorId = 0, type = "Operative" })).GetProperty("status").GetString());
        await _csms.WaitForStatusAsync("Preparing");
        var (again, againBody) = await StartAsync(daemon, "driver-2");
        Assert.True(again == HttpStatusCode.OK, againBody.ToString());
        await _csms.WaitForCallAsync("StartTransaction");
        _csms.AssertNoValidationFailure();
        _passed = true;
    }

    [Fact]
    public async Task Without_ocpp_url_an_API_start_goes_to_the_firmware_as_before()
    {
        var daemon = await StartDaemonAsync(ocpp: false);
        await PlugInAsync(daemon);
        var (status, body) = await StartAsync(daemon, "driver-3");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("driver-3", body.GetProperty("data").GetProperty("user_id").GetString());
        await daemon.AwaitStateAsync(4);
        daemon.Device.Execute("charge");
        await daemon.AwaitStateAsync(5);
        await RunningDaemon.AwaitAsync(async () => (await OcppScenarioTests.SessionsAsync(daemon)).Count == 1, "the session");
        var session = Assert.Single(await OcppScenarioTests.SessionsAsync(daemon));
        Assert.Equal(JsonValueKind.Null, session.GetProperty("ocpp_transaction_id").ValueKind);
        Assert.DoesNotContain(_csms.Events, e => StrictCsms.Kind(e) == "handshake");
        _passed = true;
    }
}
