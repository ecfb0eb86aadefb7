using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Charger.Host.Configuration;
using Charger.Host.Configuration.Settings;
using Charger.Host.Daemon;
using Charger.Tests.Host.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace Charger.Tests.Ocpp;

public sealed class OcppConfigurationTests
{
    private static HostSettings Settings(Action<OcppSettings> configure)
    {
        var settings = new HostSettings { DataDir = Path.GetTempPath() };
        configure(settings.Ocpp);
        return settings;
    }

    [Fact]
    public void Without_ocpp_url_no_charger_speaks_OCPP()
    {
        Assert.Empty(DaemonOptions.From(Settings(_ => { })).Ocpp);
    }

    [Fact]
    public void The_connection_url_is_the_endpoint_plus_the_percent_encoded_charge_point_id()
    {
        var options = DaemonOptions.From(Settings(o =>
        {
            o.Url = "wss://csms.example/steve/websocket/CentralSystemService";
            o.ChargePointId = "CP 1/Süd";
        }));
        Assert.Equal("wss://csms.example/steve/websocket/CentralSystemService/CP%201%2FS%C3%BCd", options.Ocpp["cp-1"].ConnectionUrl.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://csms.example/ocpp", null, "ocpp.url")]
    [InlineData("not a url", null, "ocpp.url")]
    [InlineData("wss://cp-1:a-password-in-the-url@csms.example/ocpp", null, "ocpp.url")]
    [InlineData("ws://127.0.0.1:9000/ocpp", "short", "ocpp")]
    public void A_bad_ocpp_setting_fails_the_start_naming_the_key(string url, string? key, string expectedKey)
    {
        var e = Assert.Throws<ConfigurationException>(() => DaemonOptions.From(Settings(o =>
        {
            o.Url = url;
            o.AuthorizationKey = key;
        })));
        Assert.Equal(expectedKey, e.Key);
    }

    [Fact]
    public async Task A_daemon_without_ocpp_url_has_no_OCPP_actor_and_says_so_at_its_ocpp_route()
    {
        await using var daemon = await RunningDaemon.StartAsync();
        await daemon.AwaitStateAsync(1);
        using var response = await daemon.Reader.GetAsync("/api/chargers/cp-1/ocpp");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString());
        var system = daemon.App.Services.GetRequiredService<ChargerRuntime>().System;
        var identity = await system.ActorSelection("/user/chargers/cp-1/ocpp").Ask<ActorIdentity>(new Identify(1), TimeSpan.FromSeconds(5));
        Assert.Null(identity.Subject);
        Assert.NotNull((await system.ActorSelection("/user/chargers/cp-1/tracker").Ask<ActorIdentity>(new Identify(2), TimeSpan.FromSeconds(5))).Subject);
    }
}
