using Charger.Actors.Metering;
using Charger.Actors.Simulation;

namespace Charger.Host.Simulate;

/// <summary>
/// The built-in ESP32 simulator for <c>run --simulate</c>: the firmware-faithful simulator on a
/// pseudo-terminal in real time, which the daemon then opens like a real device. The console
/// commands of <c>charger simulate</c> drive its vehicle, from stdin or from <c>POST /api/simulator</c>. Beside it an
/// SDM630 meter simulator on its own pseudo-terminal (<see cref="MeterDevicePath"/>, <c>ttyMeter</c> next to the ESP32's)
/// measures the vehicle's current on three phases; <c>meter ...</c> commands give it faults.
/// </summary>
public sealed class SimulatedDevice : IDisposable
{
    private readonly PtySimulatorTransport _transport;
    private readonly PtySimulatorTransport _meterTransport;
    private readonly Lock _lock = new();

    public SimulatedDevice(string devicePath, TimeProvider? time = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(devicePath))!);
        _transport = new PtySimulatorTransport(Path.GetFullPath(devicePath));
        Simulator = new Esp32Simulator(time ?? TimeProvider.System);
        Simulator.Attach(_transport);
        Simulator.PowerOn();
        _meterTransport = new PtySimulatorTransport(Path.Combine(Path.GetDirectoryName(_transport.DevicePath)!, "ttyMeter"));
        Meter = new MeterSimulator(time ?? TimeProvider.System, MeterModel.Sdm630, MeterSimulator.CurrentsOf(Simulator, 3));
        Meter.Attach(_meterTransport);
        Console = new SimulatorConsole(Simulator, new MeterConsole(Meter, _meterTransport));
    }

    public MeterSimulator Meter { get; }

    /// <summary>The simulated meter's RS-485 adapter (an SDM630, slave 1; any baud rate works on a pty).</summary>
    public string MeterDevicePath => _meterTransport.DevicePath;

    public Esp32Simulator Simulator { get; }

    public string DevicePath => _transport.DevicePath;

    internal SimulatorConsole Console { get; }

    /// <summary>Runs one console command (plug, connect, charge, ...); one at a time, whoever sends it.</summary>
    public string Execute(string command)
    {
        lock (_lock) return Console.Execute(command) ?? "quit is not available here; stop the daemon instead";
    }

    public void Dispose()
    {
        Simulator.Dispose();
        _transport.Dispose();
        Meter.Dispose();
        _meterTransport.Dispose();
    }
}
