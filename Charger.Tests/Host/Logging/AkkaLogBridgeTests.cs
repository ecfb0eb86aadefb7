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
        // Akka's log travels through its logger actor, behind the event: wait until the line has left the bridge.
        await host.Recording.WaitForAsync(e => e.Message.StartsWith("Serial link up", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        await host.StopAsync();

        var linkUp = host.FileLines().Select(JsonLogLine.Parse).FirstOrDefault(l => l.MessageTemplate?.StartsWith("Serial link up on {Path}", StringComparison.Ordinal) == true);
        Assert.NotNull(linkUp);
        Assert.Equal("Charger.Actors.Serial.SerialPortActor", linkUp.Property("SourceContext"));
        Assert.Equal("akka://charger/user/chargers/cp-1/link/serial", linkUp.Property("ActorPath"));
        Assert.EndsWith("ttyESP32", linkUp.Property("Path"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_serial_failure_is_logged_once_as_a_warning_with_the_flight_recorder_not_again_as_an_error()
    {
        await using var host = await LoggingHost.StartAsync();
        var runtime = host.App.Services.GetRequiredService<ChargerRuntime>();
        using (var events = runtime.Hub.Subscribe(lastEventId: 0))
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await Next(ChargerEventType.LinkUp);
            host.Device.Execute("disappear");
            await Next(ChargerEventType.LinkDown);
            host.Device.Execute("reappear");
            await Next(ChargerEventType.LinkUp);
            await host.Recording.WaitForAsync(e => e.Message.StartsWith("Serial link up", StringComparison.Ordinal)
                && e.Properties.GetValueOrDefault("ActorPath") is not null, TimeSpan.FromSeconds(20));

            async Task Next(ChargerEventType type)
            {
                while ((await events.Reader.ReadAsync(timeout.Token)).Event.Type != type) { }
            }
        }
        await host.StopAsync();

        var lines = host.FileLines().Select(JsonLogLine.Parse).ToList();
        var down = Assert.Single(lines, l => l.MessageTemplate?.StartsWith("Serial link down", StringComparison.Ordinal) == true);
        Assert.Equal("Warning", down.Level);
        Assert.DoesNotContain(lines, l => l.Level == "Error" && l.Property("ActorPath")?.EndsWith("/link/serial", StringComparison.Ordinal) == true);
    }
}
