using Npgsql;

namespace Charger.Tests.Sessions.Migration;

/// <summary>
/// The data the previous release wrote (Fixtures/previous-release, how it was made is in its README.md), copied beside
/// the tests at build: its SQLite file, its PostgreSQL dump, and what its API answered about them, per store.
/// </summary>
internal static class PreviousReleaseFixtures
{
    /// <summary>A fixture file of <paramref name="store"/> ("sqlite" or "postgres").</summary>
    public static string Path(string store, string file) =>
        System.IO.Path.Combine(AppContext.BaseDirectory, "Sessions", "Migration", "Fixtures", "previous-release", store, file);

    /// <summary>The previous release's SQLite file. Copy it before opening it for writing: tests share it.</summary>
    public static string SqliteFile => Path("sqlite", "charger.db");

    /// <summary>Loads the previous release's PostgreSQL dump into the (empty) database of <paramref name="connectionString"/>.</summary>
    public static async Task LoadPostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // pg_dump's psql meta-commands (\restrict) are not SQL; the rest loads as it is.
        var dump = string.Join('\n', File.ReadLines(Path("postgres", "charger-schema-inserts.sql")).Where(l => !l.StartsWith('\\')));
        await using var load = new NpgsqlCommand(dump, connection);
        await load.ExecuteNonQueryAsync();
    }
}
