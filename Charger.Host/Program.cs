using System.CommandLine;
using Charger.Host.Simulate;

// The daemon (run, --simulate, check-config) arrives with the HTTP gateway issue; for now the host
// offers the ESP32 simulator on a pseudo-terminal for manual testing.
var root = new RootCommand("Charger: the runtime of an AC EV charging station.");
root.Subcommands.Add(SimulateCommand.Create());
root.SetAction(_ =>
{
    Console.Error.WriteLine("The daemon is not built yet. Try: charger simulate --help");
    return 64; // EX_USAGE
});
return await root.Parse(args).InvokeAsync();
