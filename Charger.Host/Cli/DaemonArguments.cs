using System.CommandLine;

namespace Charger.Host.Cli;

/// <summary>The options <c>run</c> and <c>check-config</c> share.</summary>
internal static class DaemonArguments
{
    public static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = "The HOCON config file (see hocon/charger.conf). Without it the built-in defaults apply.",
    };

    public static readonly Option<string[]> Set = new("--set")
    {
        Description = "Override one setting, e.g. --set http.url=http://0.0.0.0:8000 (repeatable; wins over file and environment).",
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };
}
