using System.CommandLine;
using Charger.Host.Configuration;
using Charger.Host.Daemon;

namespace Charger.Host.Cli;

/// <summary>
/// The daemon's options as the maintenance commands (<c>import-sessions</c>, <c>backup</c>) read them, from
/// the same <c>--config</c>/<c>--set</c>/environment as <c>run</c>, so they find the same <c>charger.db</c>.
/// </summary>
internal static class ConfiguredDaemon
{
    /// <exception cref="ConfigurationException">A bad setting, or a provider other than SQLite.</exception>
    public static DaemonOptions LoadSqlite(ParseResult parse)
    {
        var configuration = HostConfiguration.Build(parse.GetValue(DaemonArguments.Config), parse.GetValue(DaemonArguments.Set) ?? [],
            HostConfiguration.ProcessEnvironment());
        var options = DaemonOptions.From(HostConfiguration.Bind(configuration));
        if (options.Persistence != PersistenceProvider.Sqlite)
            throw new ConfigurationException("persistence.provider",
                $"this command works on {{data-dir}}/charger.db (persistence.provider = sqlite), not {options.Persistence.ToString().ToLowerInvariant()}.");
        return options;
    }
}
