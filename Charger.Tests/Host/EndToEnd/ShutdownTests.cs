using Charger.Tests.TestKit;
using System.Net;
using System.Net.Sockets;
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

    /// <summary>
    /// systemd's stop is SIGTERM, and the host then has its ShutdownTimeout (15 s) to stop in order: a request in
    /// flight finishes, the actors stop, the journal closes. System.CommandLine's own SIGTERM handler used to end the
    /// process 2 s after the signal with exit code 143, whatever was still running (and could crash with exit 134
    /// when the signal met the end of the run). The request here is held open past those 2 s on purpose: it is the
    /// condition under test, not a wait for something.
    /// </summary>
    [Fact]
    public async Task Sigterm_lets_the_host_finish_a_request_in_flight_past_two_seconds_and_exits_0()
    {
        const string apiKey = "sigterm-test-control-key-0123456789";
        using var device = new SimulatedDevice(Path.Combine(_dir, "simulator", "ttyESP32"));
        var baseAddress = new Uri($"http://127.0.0.1:{DaemonProcess.FreePort()}");
        var config = await DaemonProcess.WriteConfigAsync(_dir, baseAddress, device.DevicePath);
        await using var daemon = await DaemonProcess.StartAsync(config, baseAddress, apiKey, Path.Combine(_dir, "daemon.log"));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, baseAddress.Port);
        var stream = tcp.GetStream();
        const string body = "{}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/maxcurrent HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {apiKey}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {body.Length}\r\nExpect: 100-continue\r\n\r\n"));
        var reader = new StreamReader(stream, Encoding.ASCII);
        // Kestrel answers 100 Continue when the handler starts reading the body: the request is in flight.
        Assert.Equal("HTTP/1.1 100 Continue", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("", await reader.ReadLineAsync());

        var exit = daemon.TerminateAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // past System.CommandLine's 2 s: the stimulus, see the summary
        Assert.False(exit.IsCompleted, "the daemon exited while a request was in flight");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(body));
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("HTTP/1.1 422 Unprocessable Entity", statusLine);
        Assert.Equal(0, await exit);
    }

    public void Dispose()
    {
        TestLogArchive.Keep(_dir);
        Directory.Delete(_dir, recursive: true);
    }
}
