using Charger.Actors.Charging;
using Charger.Host.Daemon;
using Microsoft.Extensions.DependencyInjection;

namespace Charger.Tests.Host.Logging;

/// <summary>Akka's log reaches the daemon's Serilog pipeline with the path of the actor that logged.</summary>
public sealed class AkkaLogBridgeTests
{
    [Fact]
    public async Task An_actors_log_line_carries_its_actor_path_and_template_properties()
    {
        await using var host = await LoggingHost.StartAsync();
        var runtime = host.App.Services.GetRequiredService<ChargerRuntime>();
        using (var events = runtime.Hub.Subscribe(lastEventId: 0))
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            // The replayed or live LinkUp: the port actor logged "link up" before it announced it.
            while ((await events.Reader.ReadAsync(timeout.Token)).Event.Type != ChargerEventType.LinkUp) { }
        }
        await host.StopAsync();

        var linkUp = host.FileLines().Select(JsonLogLine.Parse).FirstOrDefault(l => l.MessageTemplate == "Serial link up on {Path}");
        Assert.NotNull(linkUp);
        Assert.Equal("Charger.Actors.Serial.SerialPortActor", linkUp.Property("SourceContext"));
        Assert.Equal("akka://charger/user/chargers/cp-1/link/serial", linkUp.Property("ActorPath"));
        Assert.EndsWith("ttyESP32", linkUp.Property("Path"), StringComparison.Ordinal);
    }
}
