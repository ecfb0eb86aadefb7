using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Charger.Host.Configuration.Settings;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>GET /api/system/actors on the real daemon: the tree, a failed link's backoff, a webhook failing into quarantine.</summary>
public sealed class SystemActorsTests : IAsyncLifetime
{
    private RunningDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await RunningDaemon.StartAsync(settings =>
        {
            // Port 1 refuses at once: every delivery fails, with no retries and a budget of one restart.
            settings.Subscribers.Webhooks.Add(new WebhookSettings { Name = "hook", Url = "http://127.0.0.1:1/events" });
            settings.Subscribers.MaxRetries = 0;
            settings.Subscribers.MaxRestarts = 1;
            settings.Subscribers.RestartWindow = TimeSpan.FromMinutes(10);
        });
        await _daemon.AwaitStateAsync(1);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    private async Task<JsonElement> TreeAsync()
    {
        using var response = await _daemon.Reader.GetAsync("/api/system/actors");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("data");
    }

    private static JsonElement? Find(JsonElement node, string path)
    {
        if (node.GetProperty("path").GetString() == path) return node;
        foreach (var child in node.GetProperty("children").EnumerateArray())
            if (Find(child, path) is { } found) return found;
        return null;
    }

    private static JsonElement Node(JsonElement data, string path) =>
        Find(data.GetProperty("tree"), path) ?? throw new Xunit.Sdk.XunitException($"{path} is not in the tree: {data.GetProperty("tree")}");

    private static JsonElement Subscriber(JsonElement data, string name) =>
        data.GetProperty("subscribers").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    [Fact]
    public async Task The_tree_shows_each_chargers_actors_and_needs_a_key()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _daemon.Anonymous.GetAsync("/api/system/actors")).StatusCode);

        var data = await TreeAsync();
        Assert.True(data.GetProperty("running").GetBoolean());
        var expected = new Dictionary<string, string>
        {
            ["/user/chargers"] = "ChargersSupervisor",
            ["/user/chargers/cp-1"] = "ChargerSupervisor",
            ["/user/chargers/cp-1/link"] = "BackoffSupervisor",
            ["/user/chargers/cp-1/link/serial"] = "SerialPortActor",
            ["/user/chargers/cp-1/tracker"] = "StateTrackerActor",
            ["/user/chargers/cp-1/commands"] = "CommandActor",
            ["/user/chargers/cp-1/device-watch"] = "DeviceWatchActor",
            ["/user/chargers/cp-1/subscribers"] = "SubscriberSupervisor",
            ["/user/chargers/cp-1/subscribers/stream"] = "SubscriberActor",
            ["/user/chargers/cp-1/subscribers/log"] = "SubscriberActor",
            ["/user/gateway"] = "HttpGatewayActor",
        };
        foreach (var (path, type) in expected)
        {
            var node = Node(data, path);
            Assert.Equal(type, node.GetProperty("type").GetString());
            Assert.Equal("RUNNING", node.GetProperty("state").GetString());
        }
        var link = Node(data, "/user/chargers/cp-1/link").GetProperty("backoff");
        Assert.False(link.GetProperty("waiting").GetBoolean());
        Assert.Equal(0, Node(data, "/user/chargers/cp-1/tracker").GetProperty("restarts").GetInt32());
        Assert.Equal(JsonValueKind.Null, Node(data, "/user/chargers/cp-1/tracker").GetProperty("last_failure").ValueKind);
        Assert.Equal("ACTIVE", Subscriber(data, "stream").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_lost_serial_port_shows_as_a_backoff_with_its_failure_and_comes_back()
    {
        _daemon.Device.Execute("disappear");
        await RunningDaemon.AwaitAsync(async () =>
            Node(await TreeAsync(), "/user/chargers/cp-1/link").GetProperty("backoff").GetProperty("last_child_failure").ValueKind == JsonValueKind.Object,
            "the link's failure");
        var backoff = Node(await TreeAsync(), "/user/chargers/cp-1/link").GetProperty("backoff");
        Assert.True(backoff.GetProperty("attempts").GetInt32() >= 1, backoff.ToString());
        var failure = backoff.GetProperty("last_child_failure");
        Assert.Equal("LinkDownException", failure.GetProperty("type").GetString());
        Assert.Contains("down", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(failure.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));

        _daemon.Device.Execute("reappear");
        await RunningDaemon.AwaitAsync(async () =>
            Find((await TreeAsync()).GetProperty("tree"), "/user/chargers/cp-1/link/serial") is { } serial
            && serial.GetProperty("state").GetString() == "RUNNING"
            && (await _daemon.Reader.GetAsync("/health/ready")).IsSuccessStatusCode,
            "the serial actor back and the charger ready");
        var after = Node(await TreeAsync(), "/user/chargers/cp-1/link").GetProperty("backoff");
        Assert.False(after.GetProperty("waiting").GetBoolean());
        Assert.Equal("LinkDownException", after.GetProperty("last_child_failure").GetProperty("type").GetString()); // history stays
    }

    [Fact]
    public async Task A_failing_webhook_is_restarted_with_its_last_failure_then_quarantined_with_its_last_error()
    {
        // The link-up event already failed once: the hook was restarted.
        await RunningDaemon.AwaitAsync(async () =>
            Find((await TreeAsync()).GetProperty("tree"), "/user/chargers/cp-1/subscribers/hook") is { } hook
            && hook.GetProperty("restarts").GetInt32() == 1,
            "the webhook's first restart");
        var hook = Node(await TreeAsync(), "/user/chargers/cp-1/subscribers/hook");
        Assert.Equal("SubscriberDeliveryException", hook.GetProperty("last_failure").GetProperty("type").GetString());
        Assert.Contains("'hook'", hook.GetProperty("last_failure").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("ACTIVE", Subscriber(await TreeAsync(), "hook").GetProperty("state").GetString());

        _daemon.Device.Execute("plug 32"); // another event: the second failure spends the budget
        await RunningDaemon.AwaitAsync(async () => Subscriber(await TreeAsync(), "hook").GetProperty("state").GetString() == "QUARANTINED",
            "the webhook's quarantine");
        var data = await TreeAsync();
        var quarantined = Subscriber(data, "hook");
        Assert.Equal("cp-1", quarantined.GetProperty("charger_id").GetString());
        Assert.False(string.IsNullOrEmpty(quarantined.GetProperty("last_error").GetString()));
        Assert.Equal(JsonValueKind.String, quarantined.GetProperty("quarantined_at").ValueKind);
        Assert.Null(Find(data.GetProperty("tree"), "/user/chargers/cp-1/subscribers/hook")); // stopped, gone from the tree
        Assert.Equal("ACTIVE", Subscriber(data, "stream").GetProperty("state").GetString()); // the others go on
    }
}
