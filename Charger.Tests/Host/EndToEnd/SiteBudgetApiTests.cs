using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Charger.Host.Configuration.Settings;
using Charger.Host.Simulate;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>
/// The site budget on a single host (<c>site.max-current-a</c>, no cluster): two simulated chargers on their own
/// pseudo-terminals, one daemon. The second start is refused while the first charge holds what the budget cannot
/// spare, and admitted once that charge has ended, with its max current set to its grant before it was authorized.
/// </summary>
public sealed class SiteBudgetApiTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-budget-").FullName;
    private SimulatedDevice _second = null!;
    private RunningDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _second = new SimulatedDevice(Path.Combine(_dir, "ttyESP32-2"));
        _daemon = await RunningDaemon.StartAsync(settings =>
        {
            settings.Chargers.Add(new ChargerSettings { Id = "cp-1" }); // on the daemon's own simulator
            settings.Chargers.Add(new ChargerSettings { Id = "cp-2", Serial = { Port = _second.DevicePath } });
            settings.Site.MaxCurrentA = 20;
        });
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _second.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Body(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<JsonElement> StatusAsync(string charger) =>
        (await Body(await _daemon.Reader.GetAsync($"/api/chargers/{charger}/status"))).GetProperty("data");

    private async Task AwaitStateAsync(string charger, int state) => await RunningDaemon.AwaitAsync(async () =>
    {
        using var response = await _daemon.Reader.GetAsync($"/api/chargers/{charger}/status");
        return response.IsSuccessStatusCode && (await Body(response)).GetProperty("data").GetProperty("STATE").GetInt32() == state;
    }, $"{charger} in STATE {state}");

    private async Task<JsonElement> BudgetAsync()
    {
        using var response = await _daemon.Reader.GetAsync("/api/site");
        var body = await Body(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("data").GetProperty("budget");
    }

    private static Dictionary<string, int> Grants(JsonElement budget) =>
        budget.GetProperty("grants").EnumerateArray().ToDictionary(g => g.GetProperty("charger_id").GetString()!, g => g.GetProperty("amps").GetInt32());

    [Fact]
    public async Task A_second_start_is_refused_while_the_budget_cannot_give_6_A_and_admitted_after_the_first_charge_ends()
    {
        var site = (await Body(await _daemon.Reader.GetAsync("/api/site"))).GetProperty("data");
        Assert.Equal(JsonValueKind.Null, site.GetProperty("site").ValueKind); // a single host
        await RunningDaemon.AwaitAsync(async () => (await BudgetAsync()).GetProperty("relearning").GetBoolean() == false, "the budget to know both chargers");
        var budget = await BudgetAsync();
        Assert.Equal((20, 0, 20), (budget.GetProperty("max_current_a").GetInt32(), budget.GetProperty("in_use_a").GetInt32(), budget.GetProperty("available_a").GetInt32()));

        // cp-1 asks for 16 A (its max current) and gets it: 4 A are left, less than a charge needs.
        using (var max = await _daemon.Control.PostAsync("/api/chargers/cp-1/maxcurrent", Json("""{"amperage": 16}""")))
            Assert.True(max.IsSuccessStatusCode, (await Body(max)).ToString());
        foreach (var device in new[] { _daemon.Device, _second })
        {
            device.Execute("plug 32");
            device.Execute("connect");
        }
        await AwaitStateAsync("cp-1", 3);
        await AwaitStateAsync("cp-2", 3);
        using (var start = await _daemon.Control.PostAsync("/api/chargers/cp-1/charge/start", Json("""{"user_id": "driver-1"}""")))
            Assert.True(start.IsSuccessStatusCode, (await Body(start)).ToString());
        await AwaitStateAsync("cp-1", 4);
        _daemon.Device.Execute("charge");
        await AwaitStateAsync("cp-1", 5);
        Assert.Equal(16, (await StatusAsync("cp-1")).GetProperty("MAX").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["cp-1"] = 16 }, Grants(await BudgetAsync()));

        using (var refused = await _daemon.Control.PostAsync("/api/chargers/cp-2/charge/start", Json("{}")))
        {
            var body = await Body(refused);
            Assert.True(refused.StatusCode == HttpStatusCode.Conflict, body.ToString());
            Assert.Equal("SITE_BUDGET_EXHAUSTED", body.GetProperty("error_code").GetString());
            var message = body.GetProperty("message").GetString()!;
            Assert.Contains("site.max-current-a", message);
            Assert.Contains("20 A", message);
            Assert.Contains("cp-1 16 A", message);
            Assert.Equal((20, 16, 4), (body.GetProperty("data").GetProperty("max_current_a").GetInt32(),
                body.GetProperty("data").GetProperty("in_use_a").GetInt32(), body.GetProperty("data").GetProperty("available_a").GetInt32()));
        }
        var untouched = await StatusAsync("cp-2"); // nothing was sent to it: still waiting, its limit as it was
        Assert.Equal((3, 32), (untouched.GetProperty("STATE").GetInt32(), untouched.GetProperty("MAX").GetInt32()));

        // The first charge ends: its grant goes back, and cp-2 gets what is left, at most its own 32 A.
        using (var stop = await _daemon.Control.PostAsync("/api/chargers/cp-1/charge/stop", Json("{}")))
            Assert.True(stop.IsSuccessStatusCode, (await Body(stop)).ToString());
        await RunningDaemon.AwaitAsync(async () => Grants(await BudgetAsync()).Count == 0, "cp-1's grant to be released");
        using (var start = await _daemon.Control.PostAsync("/api/chargers/cp-2/charge/start", Json("{}")))
            Assert.True(start.IsSuccessStatusCode, (await Body(start)).ToString());
        await AwaitStateAsync("cp-2", 4);
        Assert.Equal(20, (await StatusAsync("cp-2")).GetProperty("MAX").GetInt32()); // lowered to the grant before AUTH
        Assert.Equal(new Dictionary<string, int> { ["cp-2"] = 20 }, Grants(await BudgetAsync()));
    }
}
