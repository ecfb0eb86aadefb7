using System.CommandLine;
using Charger.Host.Cli;
using Charger.Host.Simulate;

var root = new RootCommand("Charger: the runtime of an AC EV charging station.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
root.Subcommands.Add(SimulateMeterCommand.Create());
root.Subcommands.Add(CheckConfigCommand.Create());
root.Subcommands.Add(ImportSessionsCommand.Create());
root.Subcommands.Add(BackupCommand.Create());
root.Subcommands.Add(MigrateFromPredecessorCommand.Create());
RunCommand.AddOptions(root); // `charger` alone is `charger run`
root.SetAction((parse, cancel) => RunCommand.RunAsync(parse, cancel));
var parsed = root.Parse(args);
// The daemon's stop (SIGTERM from systemd, Ctrl+C) belongs to the generic host's lifetime, which shuts down in order
// within HostOptions.ShutdownTimeout. System.CommandLine's own handler would end the process 2 s after the signal
// with exit code 143 whatever the host was still doing (a cluster leave, the journal's last write), and it can throw
// ObjectDisposedException when the signal arrives as the run ends (seen as exit 134 in the cluster test). The other
// commands keep it: their Ctrl+C cancels their token.
var isDaemon = parsed.CommandResult.Command == root || parsed.CommandResult.Command.Name == "run";
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = isDaemon ? null : TimeSpan.FromSeconds(2) });

/// <summary>Visible to WebApplicationFactory and tests.</summary>
public partial class Program;
