namespace Charger.Actors.Sessions.Sqlite;

/// <summary>How <see cref="SqliteDatabase"/> opens its file.</summary>
public sealed record SqliteDatabaseOptions
{
    /// <summary>How long a statement waits for another process's lock (e.g. a backup) before it fails with SQLITE_BUSY.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Idle read connections kept open for reuse; more are opened while reads overlap.</summary>
    public int IdleReadConnections { get; init; } = 4;
}
