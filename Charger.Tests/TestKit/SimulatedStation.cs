using Akka.TestKit;
using Charger.Actors.Simulation;

namespace Charger.Tests.TestKit;

/// <summary>
/// The firmware-faithful ESP32 simulator presented as a serial device on a pseudo-terminal, on the
/// test's manual clock. The runtime under test opens <see cref="DevicePath"/> with its real serial code.
/// </summary>
public sealed class SimulatedStation : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("charger-sim-").FullName;

    public SimulatedStation(ManualTimeProvider time, Esp32SimulatorOptions? options = null, bool powerOn = true)
    {
        Time = time;
        Transport = new PtySimulatorTransport(Path.Combine(_directory, "ttyESP32"));
        Simulator = new Esp32Simulator(time, options);
        Simulator.Attach(Transport);
        if (powerOn) Simulator.PowerOn();
    }

    public ManualTimeProvider Time { get; }

    public Esp32Simulator Simulator { get; }

    public PtySimulatorTransport Transport { get; }

    public SimulatedVehicle Vehicle => Simulator.Vehicle;

    public string DevicePath => Transport.DevicePath;

    /// <summary>Another device on the same clock whose I/O must catch up too before time moves (a simulated meter's).</summary>
    public Action? AlsoAwaitIo { get; set; }

    /// <summary>
    /// Advances the clock in <paramref name="step"/>s until <paramref name="probe"/> receives a matching
    /// <typeparamref name="T"/> (other messages are skipped), giving the real I/O between steps a short
    /// real-time window. Fails after <paramref name="within"/> of simulated time.
    /// </summary>
    public T AdvanceUntil<T>(TestProbe probe, Predicate<T> match, TimeSpan within, TimeSpan? step = null, string? what = null)
    {
        var end = Time.GetUtcNow() + within;
        var stride = step ?? TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return probe.FishForMessage(match, TimeSpan.FromMilliseconds(40));
            }
            catch (Exception e) when (e is not TestKitException && Time.GetUtcNow() < end) // the TestKit's timeout
            {
                AwaitIoCaughtUp();
                Time.Advance(stride);
            }
            catch (Exception e) when (e is not TestKitException)
            {
                throw new TestKitException($"No {what ?? typeof(T).Name} within {within.TotalSeconds} s of simulated time: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Waits in real time until the runtime has read every byte the simulator wrote and the simulator every
    /// byte the runtime wrote. Without it a loaded machine lets simulated time run ahead of a busy reader,
    /// and the runtime's silence timeout fires for a stall no device caused. Gives up when nothing moves for
    /// 200 ms: between reconnects the runtime has the port closed and nobody reads at all.
    /// </summary>
    public void AwaitIoCaughtUp()
    {
        AlsoAwaitIo?.Invoke();
        var unread = Transport.Unread;
        var lastMove = Environment.TickCount64;
        while (unread != (0, 0) && Environment.TickCount64 - lastMove < 200)
        {
            Thread.Sleep(1); // nothing to wait on: the kernel offers no notification for a drained pty queue
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
