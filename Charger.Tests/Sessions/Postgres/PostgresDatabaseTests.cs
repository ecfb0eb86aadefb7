using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Migration;
using Charger.Actors.Sessions.Postgres;
using Charger.Tests.TestKit;
using Npgsql;

namespace Charger.Tests.Sessions.Postgres;

/// <summary>The <c>charger</c> schema and its migrations, and what a connection string may and may not show.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDatabaseTests(PostgresServerFixture server)
{
    private const string Password = "s3cret-Pa55word-do-not-log";

    [Fact]
    public async Task A_new_database_gets_the_charger_schema_with_every_migration_recorded()
    {
        var connectionString = await server.CreateDatabaseAsync();

        await using (var db = await PostgresDatabase.OpenAsync(connectionString))
            Assert.Equal(PostgresSchema.LatestVersion, db.SchemaVersion);
        await using (var again = await PostgresDatabase.OpenAsync(connectionString))
            Assert.Equal(PostgresSchema.LatestVersion, again.SchemaVersion);

        Assert.Equal(PostgresSchema.Migrations.Select(m => (m.Version, m.Description)), await VersionsAsync(connectionString));
        Assert.Equal(["journal", "journal_metadata", "projection_offsets", "schema_version", "session_counts", "session_events", "sessions", "snapshots"],
            await TablesAsync(connectionString));
    }

    [Fact]
    public async Task A_database_at_an_older_version_is_migrated_on_open_and_keeps_its_data()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using (var old = new NpgsqlConnection(connectionString))
        {
            await old.OpenAsync();
            await PostgresMigrator.MigrateAsync(old, PostgresSchema.Migrations.Take(1).ToList(), "test", CancellationToken.None);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO charger.journal (persistence_id, sequence_nr, manifest, schema_version, payload, "timestamp")
                VALUES ('sessions-cp-1', 1, 'session-started', 1, '{"n":1}', '2026-11-22T10:30:16Z');
                """, old);
            await insert.ExecuteNonQueryAsync();
        }
        Assert.DoesNotContain("snapshots", await TablesAsync(connectionString));

        var logs = new CapturingLoggerProvider();
        await using var db = await PostgresDatabase.OpenAsync(connectionString, logs.CreateLogger("persistence"));

        Assert.Equal(PostgresSchema.LatestVersion, db.SchemaVersion);
        Assert.Contains("snapshots", await TablesAsync(connectionString));
        var kept = Assert.Single(await new PostgresLegacyJournal(db).ReadAsync("sessions-cp-1", 0, 10));
        Assert.Equal(new LegacyEntry(1, "session-started", 1, """{"n":1}"""), kept);
        Assert.Contains(logs.Entries, e => e.Message.Contains($"from schema version 1 to {PostgresSchema.LatestVersion}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_database_from_a_newer_charger_is_refused()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await (await PostgresDatabase.OpenAsync(connectionString)).DisposeAsync();
        var newer = PostgresSchema.LatestVersion + 1;
        await ExecuteAsync(connectionString, $"INSERT INTO charger.schema_version (version, description) VALUES ({newer}, 'from the future');");

        var error = await Assert.ThrowsAsync<UnsupportedSchemaVersionException>(() => PostgresDatabase.OpenAsync(connectionString));

        Assert.Equal(newer, error.Found);
        Assert.Equal(PostgresSchema.LatestVersion, error.Supported);
    }

    [Fact]
    public async Task Several_processes_starting_on_a_new_database_at_once_migrate_it_exactly_once()
    {
        var connectionString = await server.CreateDatabaseAsync();

        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresDatabase.OpenAsync(connectionString))));

        Assert.All(opened, db => Assert.Equal(PostgresSchema.LatestVersion, db.SchemaVersion));
        foreach (var db in opened)
            await db.DisposeAsync();
        Assert.Equal(PostgresSchema.LatestVersion, (await VersionsAsync(connectionString)).Count);
    }

    [Fact]
    public async Task The_password_never_reaches_the_log_the_target_or_an_error()
    {
        var withPassword = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync()) { Password = Password }.ConnectionString;
        var logs = new CapturingLoggerProvider();

        await using (var db = await PostgresDatabase.OpenAsync(withPassword, logs.CreateLogger("persistence")))
        {
            Assert.Equal($"{server.Server.Directory}:{server.Server.Port}/{new NpgsqlConnectionStringBuilder(withPassword).Database} as postgres", db.Target);
            Assert.Contains(logs.Entries, e => e.Message.Contains(db.Target, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal));

        // Nothing listens on this socket directory.
        var nowhere = new NpgsqlConnectionStringBuilder(withPassword) { Host = Path.Combine(server.Server.Directory, "absent"), Timeout = 5 }.ConnectionString;
        var unreachable = await Assert.ThrowsAsync<PostgresUnavailableException>(() => PostgresDatabase.OpenAsync(nowhere, logs.CreateLogger("persistence")));
        Assert.Contains("absent", unreachable.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, unreachable.ToString(), StringComparison.Ordinal);

        var malformed = await Assert.ThrowsAsync<ArgumentException>(() => PostgresDatabase.OpenAsync($"Host=x;Password={Password};Frobnicate=yes"));
        Assert.DoesNotContain(Password, malformed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal) || (e.Exception?.ToString().Contains(Password, StringComparison.Ordinal) ?? false));
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<(int Version, string Description)>> VersionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version, description FROM charger.schema_version ORDER BY version;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, string)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        return rows;
    }

    private static async Task<List<string>> TablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'charger' ORDER BY table_name;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
            names.Add(reader.GetString(0));
        return names;
    }
}
