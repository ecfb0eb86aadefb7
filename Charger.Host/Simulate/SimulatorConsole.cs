using System.Globalization;
using Charger.Actors.Simulation;

namespace Charger.Host.Simulate;

/// <summary>The typed commands of <c>charger simulate</c>: one line in, one line of feedback out.</summary>
internal sealed class SimulatorConsole(Esp32Simulator simulator, MeterConsole? meter = null)
{
    public const string Help =
        "Commands: plug [amps] | connect | charge | pause | resume | disconnect | unplug | " +
        "fault phase|earth|off | reboot | hang | wake | disappear | reappear | status | help | quit";

    /// <summary>Runs one command; returns the feedback, or null for quit. A bad argument is reported, not fatal.</summary>
    public string? Execute(string line)
    {
        try
        {
            return ExecuteCore(line);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return $"error: {e.Message}";
        }
    }

    private string? ExecuteCore(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) return "";
        var vehicle = simulator.Vehicle;
        switch (words[0].ToLowerInvariant())
        {
            case "plug":
                var amps = words.Length > 1 && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 32;
                vehicle.PlugCable(amps);
                return $"cable plugged ({amps} A rating)";
            case "connect": vehicle.ConnectEv(); return "EV connected (pilot state B)";
            case "charge": vehicle.RequestCharge(); return "EV requests charge (pilot state C)";
            case "pause": vehicle.Pause(); return "EV paused (pilot state B)";
            case "resume": vehicle.Resume(); return "EV resumes (pilot state C)";
            case "disconnect": vehicle.DisconnectEv(); return "EV disconnected";
            case "unplug": vehicle.UnplugCable(); return "cable unplugged";
            case "fault":
                var condition = words.Length > 1 ? words[1].ToLowerInvariant() : "";
                simulator.Hardware.PowerBoard.Condition = condition switch
                {
                    "phase" => PowerBoardStatus.PhaseFault,
                    "earth" => PowerBoardStatus.EarthFault,
                    "off" => PowerBoardStatus.Ok,
                    _ => simulator.Hardware.PowerBoard.Condition,
                };
                return condition is "phase" or "earth" or "off"
                    ? $"power board: {simulator.Hardware.PowerBoard.Condition}"
                    : "usage: fault phase|earth|off";
            case "reboot": simulator.Reboot(); return "ESP32 rebooting";
            case "hang": simulator.Hang(); return "firmware hung (no output until 'wake')";
            case "wake": simulator.Resume(); return "firmware running again";
            case "disappear": simulator.Disappear(); return "USB device gone";
            case "reappear": simulator.Reappear(); return "USB device back";
            case "status": return $"{simulator.State}: {simulator.Status.ToStatFrame()}";
            case "meter" when meter is not null: return meter.Execute(words[1..]);
            case "help": return meter is null ? Help : Help + "\n" + MeterConsole.Help;
            case "quit" or "exit": return null;
            default: return $"unknown command '{words[0]}'. {Help}";
        }
    }
}
