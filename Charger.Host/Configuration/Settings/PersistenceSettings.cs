using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration.Settings;

public sealed class PersistenceSettings
{
    /// <summary>Where journals, snapshots and the session tables live: sqlite (<c>{data-dir}/charger.db</c>), postgres, or memory (lost on exit; tests).</summary>
    public string Provider { get; set; } = "sqlite";

    public PostgresSettings Postgres { get; set; } = new();
}

public sealed class PostgresSettings
{
    /// <summary>Npgsql connection string; required with <c>provider = postgres</c>. Never logged.</summary>
    [ConfigurationKeyName("connection-string")]
    public string? ConnectionString { get; set; }
}

public sealed class SessionSettings
{
    /// <summary>Each charger's session actor snapshots after this many journaled events, so recovery replays at most that many.</summary>
    [ConfigurationKeyName("snapshot-every")]
    public int SnapshotEvery { get; set; } = 100;

    /// <summary><c>off</c> (keep every session), or a duration: sessions that ended longer ago are deleted from the session tables.</summary>
    public string Retention { get; set; } = "off";
}
