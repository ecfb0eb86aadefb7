using System.Globalization;
using Charger.Actors.Metering.Modbus;
using Charger.Actors.Simulation;

namespace Charger.Host.Simulate;

/// <summary>
/// The typed commands of the simulated meter (<c>charger simulate-meter</c>, and <c>meter ...</c> in <c>run --simulate</c>):
/// its faults, a register reset, unplugging its adapter, and (standalone) the current it measures.
/// </summary>
internal sealed class MeterConsole(MeterSimulator meter, PtySimulatorTransport transport, Action<double>? setCurrent = null)
{
    public const string Help =
        "Meter: meter ok | silent | crc | busy | garbage | reset | unplug | replug | status" +
        " (simulate-meter also: current <amps>)";

    /// <summary>Runs one meter command (without the leading "meter"); a bad argument is reported, not fatal.</summary>
    public string Execute(IReadOnlyList<string> words)
    {
        if (words.Count == 0) return Help;
        switch (words[0].ToLowerInvariant())
        {
            case "ok": meter.Faults = MeterFaults.None; return "meter answers normally";
            case "silent": meter.Faults = new MeterFaults(NoAnswer: true); return "meter silent (no answers)";
            case "crc": meter.Faults = new MeterFaults(CorruptCrc: true); return "meter answers with a wrong CRC";
            case "busy": meter.Faults = new MeterFaults(ExceptionCode: ModbusExceptionCode.SlaveDeviceBusy); return "meter answers 'slave device busy' (exception 6)";
            case "garbage": meter.Faults = new MeterFaults(GarbageBefore: 7); return "7 noise bytes before every answer";
            case "reset": meter.ResetRegister(); return "energy register reset to 0";
            case "unplug": transport.Disappear(); return "meter adapter unplugged";
            case "replug": transport.Reappear(); return "meter adapter back";
            case "status":
                return string.Create(CultureInfo.InvariantCulture,
                    $"{meter.Model} slave {meter.Address} on {transport.DevicePath}: {meter.EnergyWh / 1000:0.000} kWh, {meter.RequestsServed} requests, faults {meter.Faults}");
            case "current" when setCurrent is not null && words.Count == 2 && double.TryParse(words[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amps) && amps is >= 0 and <= 80:
                setCurrent(amps);
                return $"{amps} A per phase";
            default:
                return $"unknown meter command '{string.Join(' ', words)}'. {Help}";
        }
    }
}
