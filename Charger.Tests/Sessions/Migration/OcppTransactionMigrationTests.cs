using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Postgres;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Sessions.Sqlite;
using Charger.Tests.TestKit;
using Microsoft.Data.Sqlite;

namespace Charger.Tests.Sessions.Migration;

/// <summary>
/// The OCPP transaction id column (<see cref="OcppTransactionMigration"/>, SQLite step 8 / PostgreSQL step 6) on data
/// the previous release wrote (Fixtures/previous-release): its sessions read null, an OCPP transaction's event then
/// fills the column in, and the previous release's snapshot (without recent sessions) still reads.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OcppTransactionMigrationTests(PostgresServerFixture server) : IDisposable
{
    private const string OpenSqliteSessionId = "e04d5619-e15f-4480-9642-e6fc1acf1c64";
    private const string OpenPostgresSessionId = "db3168a7-f074-414d-b4a4-2cdeef0a41b0";

    private readonly string _dir = Directory.CreateTempSubdirectory("charger-ocpp-migration-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SessionOcppTransaction Assigned(string id) => new(id, DateTimeOffset.Parse("2026-12-07T05:00:01Z"), 4711);

    [Fact]
    public async Task The_previous_releases_sqlite_file_gets_the_column_its_sessions_read_null_and_an_OCPP_transaction_fills_it()
    {
        File.Copy(PreviousReleaseFixtures.SqliteFile, Path.Combine(_dir, SqliteDatabase.FileName));
        await using var database = await SqliteDatabase.OpenAsync(_dir);
        Assert.Equal(8, SqliteSchema.LatestVersion);
        Assert.Equal(8, await database.ReadAsync(c => Task.FromResult(SqliteMigrator.ReadUserVersion(c, null))));

        var queries = new SqliteSessionQueries(database);
        var before = await queries.ListAsync(new SessionFilter("cp-1"));
        Assert.Equal(5, before.TotalCount);
        Assert.All(before.Sessions, s => Assert.Null(s.OcppTransactionId));

        var tables = new SqliteSessionTables(database);
        var offset = await tables.ReadOffsetAsync();
        Assert.True(await tables.ApplyAsync([Assigned(OpenSqliteSessionId)], offset, offset + 1));
        var session = (await queries.GetAsync("cp-1", OpenSqliteSessionId))!;
        Assert.Equal(4711, session.OcppTransactionId);
        var unchanged = before.Sessions.Single(s => s.SessionId == OpenSqliteSessionId);
        Assert.Equal((unchanged.EventCount, unchanged.StartedAt, unchanged.Status), (session.EventCount, session.StartedAt, session.Status));
    }

    [Fact]
    public async Task The_previous_releases_snapshot_reads_without_recent_sessions_and_the_event_round_trips()
    {
        await using var connection = new SqliteConnection($"Data Source={PreviousReleaseFixtures.SqliteFile};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, schema_version, payload FROM snapshots ORDER BY sequence_nr DESC LIMIT 1;";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var snapshot = Assert.IsType<SessionSnapshot>(SessionJournalSerializer.Format.Deserialize(reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
        Assert.Null(snapshot.Recent);
        Assert.Null(snapshot.Open!.OcppTransactionId);

        var payload = SessionJournalSerializer.Format.Serialize(Assigned("s-1"));
        Assert.Equal(("session-ocpp-transaction", 1), (payload.Manifest, payload.SchemaVersion));
        Assert.Equal(Assigned("s-1"), SessionJournalSerializer.Format.Deserialize(payload.Manifest, payload.SchemaVersion, payload.Payload));
        var withRecent = new SessionSnapshot(null) { Recent = [new RecentSession("s-1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1))] };
        var written = SessionJournalSerializer.Format.Serialize(withRecent);
        var read = Assert.IsType<SessionSnapshot>(SessionJournalSerializer.Format.Deserialize(written.Manifest, written.SchemaVersion, written.Payload));
        Assert.Equal(withRecent.Recent, read.Recent);
    }

    [Fact]
    public async Task The_previous_releases_postgres_schema_gets_the_column()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await PreviousReleaseFixtures.LoadPostgresAsync(connectionString);
        await using var database = await PostgresDatabase.OpenAsync(connectionString);
        Assert.Equal(6, PostgresSchema.LatestVersion);
        var queries = new PostgresSessionQueries(database);
        var before = await queries.ListAsync(new SessionFilter("cp-1"));
        Assert.True(before.TotalCount > 0);
        Assert.All(before.Sessions, s => Assert.Null(s.OcppTransactionId));

        var tables = new PostgresSessionTables(database);
        var offset = await tables.ReadOffsetAsync();
        Assert.True(await tables.ApplyAsync([Assigned(OpenPostgresSessionId)], offset, offset + 1));
        Assert.Equal(4711, (await queries.GetAsync("cp-1", OpenPostgresSessionId))!.OcppTransactionId);
    }
}
