using Charger.Tests.TestKit;
using System.Net;
using System.Text;
using Charger.Actors.Simulation;
using Charger.Host.Simulate;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>Stopping or restarting the daemon never stops a charge, and the next run picks it up.</summary>
public sealed class ShutdownTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-restart-").FullName;

    [Fact]
    public async Task A_charge_goes_on_through_a_daemon_restart_and_the_new_daemon_sees_it()
    {
        using var device = new SimulatedDevice(Path.Combine(_dir, "simulator", "ttyESP32"));
        await using (var first = await RunningDaemon.StartAsync(device: device, dataDirectory: _dir))
        {
            await first.AwaitStateAsync(1);
            device.Execute("plug 32");
            device.Execute("connect");
            await first.AwaitStateAsync(3);
            using var start = await first.Control.PostAsync("/api/charge/start", new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
            device.Execute("charge");
            await first.AwaitStateAsync(5);
        } // StopAsync: requests drained, actors stopped, port closed

        Assert.Equal((int)FirmwareState.Charging, device.Simulator.Status.State);
        Assert.Equal(1, device.Simulator.Status.RelayFlag);

        await using var second = await RunningDaemon.StartAsync(device: device, dataDirectory: _dir);
        var status = await second.AwaitStateAsync(5);
        Assert.Equal("CHARGING", status.GetProperty("STATE_NAME").GetString());
        Assert.Equal((int)FirmwareState.Charging, device.Simulator.Status.State);
    }

    public void Dispose()
    {
        TestLogArchive.Keep(_dir);
        Directory.Delete(_dir, recursive: true);
    }
}
