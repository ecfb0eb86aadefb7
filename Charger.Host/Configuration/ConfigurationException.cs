namespace Charger.Host.Configuration;

/// <summary>A setting is missing or wrong: the daemon refuses to start (exit code 78, EX_CONFIG) and says which and why.</summary>
public sealed class ConfigurationException(string key, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The setting, in the config file's spelling (<c>link.poll-interval</c>).</summary>
    public string Key { get; } = key;

    public const int ExitCode = 78;
}
