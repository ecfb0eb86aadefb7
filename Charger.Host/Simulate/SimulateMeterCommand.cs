using System.CommandLine;
using Charger.Actors.Metering;
using Charger.Actors.Simulation;

namespace Charger.Host.Simulate;

/// <summary>
/// <c>charger simulate-meter</c>: only the simulated Eastron meter (SDM120 or SDM630) on a pseudo-terminal, in real
/// time, its current set by typed commands, so a meter configuration or a Modbus tool (mbpoll) can be tried without one.
/// </summary>
internal static class SimulateMeterCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device")
        {
            Description = "Path of the symlink to the simulated RS-485 adapter.",
            DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "charger-sim", "ttyMeter"),
        };
        var model = new Option<string>("--model") { Description = "sdm120 or sdm630.", DefaultValueFactory = _ => "sdm630" };
        var address = new Option<int>("--address") { Description = "Modbus slave address (1..247).", DefaultValueFactory = _ => 1 };
        var command = new Command("simulate-meter", "Run only the energy meter simulator (Modbus RTU slave) on a pseudo-terminal.");
        command.Options.Add(device);
        command.Options.Add(model);
        command.Options.Add(address);
        command.SetAction(async (parse, cancel) =>
        {
            var name = parse.GetValue(model)!.ToLowerInvariant();
            var slave = parse.GetValue(address);
            if (name is not ("sdm120" or "sdm630") || slave is < 1 or > 247)
            {
                await Console.Error.WriteLineAsync("charger: --model must be sdm120 or sdm630 and --address 1..247.");
                return 64;
            }
            return await RunAsync(parse.GetValue(device)!, name == "sdm120" ? MeterModel.Sdm120 : MeterModel.Sdm630, (byte)slave,
                Console.In, Console.Out, cancel);
        });
        return command;
    }

    public static async Task<int> RunAsync(string devicePath, MeterModel model, byte address, TextReader input, TextWriter output, CancellationToken cancel)
    {
        var amps = 0.0;
        using var transport = new PtySimulatorTransport(Path.GetFullPath(devicePath));
        var phases = model == MeterModel.Sdm630 ? 3 : 1;
        using var meter = new MeterSimulator(TimeProvider.System, model, () => [.. Enumerable.Repeat(Volatile.Read(ref amps), phases)], address);
        meter.Attach(transport);
        var line = MeterOptions.FactoryLine(model);
        await output.WriteLineAsync($"{model} meter simulator, slave {address}, on {transport.DevicePath} (any baud rate; the meter's factory line is {line.BaudRate} 8{line.Parity.ToString()[0]}1).");
        await output.WriteLineAsync(MeterConsole.Help);
        var console = new MeterConsole(meter, transport, a => Volatile.Write(ref amps, a));
        while (!cancel.IsCancellationRequested)
        {
            var text = await input.ReadLineAsync(cancel);
            if (text is null) break;
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            if (words is ["quit" or "exit"]) break;
            if (words.Count > 0 && words[0] == "meter") words.RemoveAt(0);
            if (words.Count > 0) await output.WriteLineAsync(console.Execute(words));
        }
        return 0;
    }
}
