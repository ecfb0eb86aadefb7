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
return await root.Parse(args).InvokeAsync();

/// <summary>Visible to WebApplicationFactory and tests.</summary>
public partial class Program;
