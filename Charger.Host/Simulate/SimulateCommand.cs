using System.CommandLine;
using Charger.Actors.Simulation;

namespace Charger.Host.Simulate;

/// <summary>
/// <c>charger simulate</c>: the firmware-faithful ESP32 simulator on a pseudo-terminal, in real time,
/// driven by typed commands, so a person can talk to it with a terminal program (picocom, screen)
/// or point a runtime at its device path.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device")
        {
            Description = "Path of the symlink to the simulated serial device.",
            DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "charger-sim", "ttyESP32"),
        };
        var command = new Command("simulate", "Run only the ESP32 simulator on a pseudo-terminal (for manual tests).");
        command.Options.Add(device);
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(device)!, Console.In, Console.Out, cancel));
        return command;
    }

    public static async Task<int> RunAsync(string devicePath, TextReader input, TextWriter output, CancellationToken cancel)
    {
        using var transport = new PtySimulatorTransport(Path.GetFullPath(devicePath));
        using var simulator = new Esp32Simulator(TimeProvider.System);
        simulator.Attach(transport);
        simulator.PowerOn();
        await output.WriteLineAsync($"ESP32 simulator on {transport.DevicePath} (115200 8N1). Open that path with the runtime or a terminal program.");
        await output.WriteLineAsync(SimulatorConsole.Help);
        var console = new SimulatorConsole(simulator);
        while (!cancel.IsCancellationRequested)
        {
            var line = await input.ReadLineAsync(cancel);
            if (line is null) break; // end of input
            var reply = console.Execute(line);
            if (reply is null) break; // quit
            if (reply.Length > 0) await output.WriteLineAsync(reply);
        }
        return 0;
    }
}
