using System.CommandLine;
using Charger.Host.Configuration;
using Charger.Host.Daemon;
using Charger.Host.Security;

namespace Charger.Host.Cli;

/// <summary><c>charger check-config</c>: load and validate the configuration exactly as <c>run</c> does, then exit (0, or 78 naming the key).</summary>
internal static class CheckConfigCommand
{
    public static Command Create()
    {
        var command = new Command("check-config", "Validate the configuration and exit (0 when valid, 78 otherwise).");
        command.Options.Add(DaemonArguments.Config);
        command.Options.Add(DaemonArguments.Set);
        command.SetAction(async parse =>
        {
            var environment = HostConfiguration.ProcessEnvironment();
            try
            {
                var configuration = HostConfiguration.Build(parse.GetValue(DaemonArguments.Config), parse.GetValue(DaemonArguments.Set) ?? [], environment);
                var settings = HostConfiguration.Bind(configuration);
                var options = DaemonOptions.From(settings);
                var keys = ApiKeyStore.From(settings.Security, environment.GetValueOrDefault(HostConfiguration.ApiKeyVariable));
                if (keys.Count == 0)
                    throw new ConfigurationException("security.api-keys", $"No API key is configured: set {HostConfiguration.ApiKeyVariable} or security.api-keys.");
                await Console.Out.WriteLineAsync(
                    $"Configuration is valid: {options.Chargers.Count} charger(s) ({string.Join(", ", options.Chargers.Select(c => $"{c.Id} on {c.Link.PortPath ?? "a discovered port"}"))}), " +
                    $"{keys.Count} API key(s), HTTP on {settings.Http.Url}, data in {options.DataDirectory}.");
                return 0;
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync($"charger: configuration error in {e.Key}: {e.Message}");
                return ConfigurationException.ExitCode;
            }
        });
        return command;
    }
}
