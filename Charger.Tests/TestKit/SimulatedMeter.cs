using Charger.Actors.Metering;
using Charger.Actors.Simulation;

namespace Charger.Tests.TestKit;

/// <summary>
/// The meter simulator (an SDM120 or SDM630) as an RS-485 adapter on a pseudo-terminal, on the test's clock. The
/// runtime under test opens <see cref="DevicePath"/> with its real serial code.
/// </summary>
public sealed class SimulatedMeter : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("charger-meter-").FullName;

    public SimulatedMeter(TimeProvider time, MeterModel model, Func<double[]> currents, byte address = 1, double initialEnergyWh = 1_234_500)
    {
        Transport = new PtySimulatorTransport(Path.Combine(_directory, "ttyMeter"));
        Simulator = new MeterSimulator(time, model, currents, address, initialEnergyWh);
        Simulator.Attach(Transport);
    }

    public MeterSimulator Simulator { get; }

    public PtySimulatorTransport Transport { get; }

    public string DevicePath => Transport.DevicePath;

    /// <summary>Waits (real time) until both sides have read what the other wrote; gives up after 200 ms without progress.</summary>
    public void AwaitIoCaughtUp()
    {
        var unread = Transport.Unread;
        var lastMove = Environment.TickCount64;
        while (unread != (0, 0) && Environment.TickCount64 - lastMove < 200)
        {
            Thread.Sleep(1); // the kernel offers no notification for a drained pty queue
            var now = Transport.Unread;
            if (now != unread) lastMove = Environment.TickCount64;
            unread = now;
        }
    }

    public void Dispose()
    {
        Simulator.Dispose();
        Transport.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
