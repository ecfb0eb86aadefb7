using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Charger.Host.Daemon;
using Charger.Tests.Host.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace Charger.Tests.Host.Cluster;

/// <summary>Without <c>cluster { }</c> the daemon is the single-host daemon of before: no remoting (no port beyond HTTP), no cluster fields.</summary>
public sealed class SingleHostTests
{
    [Fact]
    public async Task Without_cluster_settings_the_actor_system_is_local_and_the_charger_list_unchanged()
    {
        await using var daemon = await RunningDaemon.StartAsync();
        var runtime = daemon.App.Services.GetRequiredService<ChargerRuntime>();
        Assert.Null(runtime.Site);
        Assert.IsType<LocalActorRefProvider>(((ExtendedActorSystem)runtime.System).Provider);
        Assert.Equal("charger", runtime.System.Name);

        using var response = await daemon.Reader.GetAsync("/api/chargers");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var charger = Assert.Single(body.GetProperty("data").EnumerateArray().ToList());
        Assert.Equal(["freshness", "id", "is_default", "link_since", "link_up", "meter", "reconnects", "state", "state_name"],
            charger.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }
}
