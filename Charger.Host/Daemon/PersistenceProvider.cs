namespace Charger.Host.Daemon;

/// <summary>Where the daemon persists (<c>persistence.provider</c>).</summary>
public enum PersistenceProvider
{
    /// <summary><c>{data-dir}/charger.db</c>.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server.</summary>
    Postgres,

    /// <summary>In memory: nothing survives the process.</summary>
    Memory,
}
