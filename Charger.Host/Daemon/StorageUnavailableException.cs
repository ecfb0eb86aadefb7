namespace Charger.Host.Daemon;

/// <summary>
/// The configured persistence cannot be reached at start (a PostgreSQL server that is down or refuses
/// us). Unlike a <see cref="Configuration.ConfigurationException"/> the settings may be right and a later
/// start succeed, so it has its own exit code; the message names <see cref="Key"/> and never a password.
/// </summary>
public sealed class StorageUnavailableException(string key, string message, Exception inner) : Exception(message, inner)
{
    /// <summary>EX_UNAVAILABLE from sysexits.h: a service we need is not there.</summary>
    public const int ExitCode = 69;

    /// <summary>The setting that says where the storage is.</summary>
    public string Key { get; } = key;
}
