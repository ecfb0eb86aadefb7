using System.Text.Json;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Postgres;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Sessions.Sqlite;
using Charger.Tests.TestKit;
using Microsoft.Data.Sqlite;

namespace Charger.Tests.Sessions.Migration;

/// <summary>
/// The energy columns (<see cref="MeterEnergyMigration"/>, SQLite step 7 / PostgreSQL step 5) on data the previous
/// release wrote (Fixtures/previous-release): its sessions read back unchanged with no energy and no meter mark, a
/// meter's events then fill them in, and its snapshot, written before the meter existed, still reads.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MeterEnergyMigrationTests(PostgresServerFixture server) : IDisposable
{
    private const string OpenSqliteSessionId = "e04d5619-e15f-4480-9642-e6fc1acf1c64"; // CHARGING at the kill
    private const string OpenPostgresSessionId = "db3168a7-f074-414d-b4a4-2cdeef0a41b0";

    private readonly string _dir = Directory.CreateTempSubdirectory("charger-meter-migration-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SessionMeterStarted Started(string id) => new(id, DateTimeOffset.Parse("2026-12-07T05:00:00Z"), 1_234_567.5, DateTimeOffset.Parse("2026-12-07T04:59:59Z"));

    private static SessionMeterStopped Stopped(string id) => new(id, DateTimeOffset.Parse("2026-12-07T06:00:00Z"), 1_245_678.0, DateTimeOffset.Parse("2026-12-07T06:00:00Z"));

    [Fact]
    public async Task The_previous_releases_sqlite_file_gets_the_energy_columns_and_its_sessions_read_as_before()
    {
        File.Copy(PreviousReleaseFixtures.SqliteFile, Path.Combine(_dir, SqliteDatabase.FileName));
        await using var database = await SqliteDatabase.OpenAsync(_dir);
        Assert.Equal(8, SqliteSchema.LatestVersion); // 7 is this step; 8 the OCPP transaction id (OcppTransactionMigrationTests)
        Assert.Equal(SqliteSchema.LatestVersion, await database.ReadAsync(c => Task.FromResult(SqliteMigrator.ReadUserVersion(c, null))));

        var queries = new SqliteSessionQueries(database);
        var before = await queries.ListAsync(new SessionFilter("cp-1"));
        Assert.Equal(5, before.TotalCount);
        Assert.All(before.Sessions, s => Assert.Equal((null, null, null, false), (s.MeterStartWh, s.MeterStopWh, s.EnergyKwh, s.MeterDownDuringCharge)));
        var expected = JsonDocument.Parse(await File.ReadAllTextAsync(PreviousReleaseFixtures.Path("sqlite", "expected-sessions.json")));
        Assert.Equal(before.Sessions.Count, expected.RootElement.GetProperty("data").GetProperty("sessions").GetArrayLength());

        var tables = new SqliteSessionTables(database);
        var offset = await tables.ReadOffsetAsync();
        Assert.True(await tables.ApplyAsync([Started(OpenSqliteSessionId), new SessionMeterDown(OpenSqliteSessionId, Started(OpenSqliteSessionId).At, "meter link down"),
            Stopped(OpenSqliteSessionId)], offset, offset + 3));
        var session = (await queries.GetAsync("cp-1", OpenSqliteSessionId))!;
        Assert.Equal((1_234_567.5, 1_245_678.0, 11.1105, true), (session.MeterStartWh!.Value, session.MeterStopWh!.Value, session.EnergyKwh!.Value, session.MeterDownDuringCharge));
        var unchanged = before.Sessions.Single(s => s.SessionId == OpenSqliteSessionId);
        Assert.Equal(unchanged.EventCount + 1, session.EventCount); // METER_DOWN joins its history
        Assert.Equal(unchanged.StartedAt, session.StartedAt);
    }

    [Fact]
    public async Task A_snapshot_the_previous_release_wrote_still_reads_without_meter_fields()
    {
        await using var connection = new SqliteConnection($"Data Source={PreviousReleaseFixtures.SqliteFile};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, schema_version, payload FROM snapshots ORDER BY sequence_nr DESC LIMIT 1;";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var snapshot = Assert.IsType<SessionSnapshot>(SessionJournalSerializer.Format.Deserialize(reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
        Assert.Null(snapshot.AwaitingMeterStop);
        Assert.NotNull(snapshot.Open);
        Assert.Equal((null, null, false, null), (snapshot.Open.MeterStartWh, snapshot.Open.MeterStopWh, snapshot.Open.MeterDownDuringCharge, snapshot.Open.EnergyKwh));
    }

    [Fact]
    public void The_meter_events_round_trip_under_their_own_manifests()
    {
        object[] events = [Started("s-1"), Stopped("s-1"), new SessionMeterDown("s-1", DateTimeOffset.UnixEpoch, "meter link down")];
        foreach (var e in events)
        {
            var payload = SessionJournalSerializer.Format.Serialize(e);
            Assert.StartsWith("session-meter-", payload.Manifest);
            Assert.Equal(1, payload.SchemaVersion);
            Assert.Equal(e, SessionJournalSerializer.Format.Deserialize(payload.Manifest, payload.SchemaVersion, payload.Payload));
        }
    }

    [Fact]
    public async Task The_previous_releases_postgres_schema_gets_the_energy_columns()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await PreviousReleaseFixtures.LoadPostgresAsync(connectionString);
        await using var database = await PostgresDatabase.OpenAsync(connectionString);
        Assert.Equal(6, PostgresSchema.LatestVersion); // 5 is this step; 6 the OCPP transaction id
        var queries = new PostgresSessionQueries(database);
        var before = await queries.ListAsync(new SessionFilter("cp-1"));
        Assert.True(before.TotalCount > 0);
        Assert.All(before.Sessions, s => Assert.Equal((null, null, null, false), (s.MeterStartWh, s.MeterStopWh, s.EnergyKwh, s.MeterDownDuringCharge)));

        var tables = new PostgresSessionTables(database);
        var offset = await tables.ReadOffsetAsync();
        Assert.True(await tables.ApplyAsync([Started(OpenPostgresSessionId), Stopped(OpenPostgresSessionId)], offset, offset + 2));
        var session = (await queries.GetAsync("cp-1", OpenPostgresSessionId))!;
        Assert.Equal((1_234_567.5, 1_245_678.0, 11.1105, false), (session.MeterStartWh!.Value, session.MeterStopWh!.Value, session.EnergyKwh!.Value, session.MeterDownDuringCharge));
    }
}
