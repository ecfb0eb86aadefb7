using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Sqlite;
using Charger.Host.Simulate;
using Charger.Tests.Host.EndToEnd;
using Charger.Tests.Sessions.Sqlite;
using Charger.Tests.TestKit;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Charger.Tests.Sessions.Migration;

/// <summary>
/// Issue 12's upgrade in place: data written by the previous release (our own journal, Fixtures/previous-release,
/// made by commit a86a025's daemon and killed mid-charge; see its README.md) opened by this one. The journal
/// moves into Akka.Persistence.Sql, a copy of the old SQLite file stays beside it, the sessions and their events
/// answer exactly as the previous release answered them, the charge left open is recovered from the moved journal
/// and reconciled, and a second start changes nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class UpgradeFromPreviousReleaseTests(PostgresServerFixture server) : IDisposable
{
    private const string OpenSessionId = "e04d5619-e15f-4480-9642-e6fc1acf1c64"; // driver-5, CHARGING at the kill (SQLite)
    private const string OpenPostgresSessionId = "db3168a7-f074-414d-b4a4-2cdeef0a41b0";

    private readonly string _dir = Directory.CreateTempSubdirectory("charger-upgrade-").FullName;

    public void Dispose()
    {
        TestLogArchive.Keep(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_sqlite_data_directory_of_the_previous_release_is_upgraded_once_and_keeps_its_history()
    {
        var dataDir = Path.Combine(_dir, "data");
        Directory.CreateDirectory(dataDir);
        var dbPath = Path.Combine(dataDir, SqliteDatabase.FileName);
        File.Copy(PreviousReleaseFixtures.SqliteFile, dbPath);
        var oldEvents = ReadOldJournal(PreviousReleaseFixtures.SqliteFile);
        Assert.Equal(42, oldEvents.Count);

        // Our own device: RunningDaemon deletes the directory of a daemon whose device it made.
        using var device = new SimulatedDevice(Path.Combine(_dir, "simulator", "ttyESP32"));
        await using (var daemon = await RunningDaemon.StartAsync(device: device, dataDirectory: dataDir))
        {
            await daemon.AwaitStateAsync(1);
            await AssertHistoryAsAnsweredBeforeAsync(daemon, "sqlite", OpenSessionId);
        }

        // The copy of the old file, taken before the upgrade touched it: the previous release can be rolled back to.
        var copy = SqliteDatabase.UpgradeCopyPath(dbPath, 5);
        Assert.Equal(oldEvents, ReadOldJournal(copy));
        var copiedAt = File.GetLastWriteTimeUtc(copy);

        await using (var database = await SqliteDatabase.OpenAsync(dataDir))
        {
            Assert.DoesNotContain("journal", await database.ReadAsync(c => Task.FromResult(SqliteDatabaseTests.Tables(c))));
            // The moved journal: the same events with the same sequence numbers, then what the reconciliation added.
            var moved = await AkkaJournalRows.EventsAsync(database, SessionActor.PersistenceIdOf("cp-1"));
            Assert.Equal(Enumerable.Range(1, moved.Count).Select(n => (long)n), moved.Select(e => e.SequenceNr));
            Assert.Equal(oldEvents, moved.Take(42).Select(e => JsonSerializer.Serialize(e.Event, e.Event.GetType())));
        }

        // A second start does nothing more: no copy, no move, the same history.
        var movedBefore = await CountAkkaRowsAsync(dbPath);
        await using (var again = await RunningDaemon.StartAsync(device: device, dataDirectory: dataDir))
        {
            await again.AwaitStateAsync(1);
            await AssertHistoryAsAnsweredBeforeAsync(again, "sqlite", OpenSessionId);
        }
        Assert.Equal(copiedAt, File.GetLastWriteTimeUtc(copy));
        Assert.Single(Directory.GetFiles(dataDir, "*.bak"));
        Assert.Equal(movedBefore, await CountAkkaRowsAsync(dbPath));
    }

    [Fact]
    public async Task A_postgres_schema_of_the_previous_release_is_upgraded_once_and_keeps_its_history()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await PreviousReleaseFixtures.LoadPostgresAsync(connectionString);
        var dataDir = Directory.CreateDirectory(Path.Combine(_dir, "pg-data")).FullName;
        using var device = new SimulatedDevice(Path.Combine(_dir, "simulator", "ttyESP32"));
        Task<RunningDaemon> StartAsync() => RunningDaemon.StartAsync(settings =>
        {
            settings.Persistence.Provider = "postgres";
            settings.Persistence.Postgres.ConnectionString = connectionString;
        }, device: device, dataDirectory: dataDir);

        await using (var daemon = await StartAsync())
        {
            await daemon.AwaitStateAsync(1);
            await AssertHistoryAsAnsweredBeforeAsync(daemon, "postgres", OpenPostgresSessionId);
        }
        var tables = await PostgresTablesAsync(connectionString);
        Assert.DoesNotContain("journal", tables);
        Assert.Contains("legacy_journal", tables); // kept: a server has no file to copy beside
        Assert.Contains(SessionJournal.JournalTable, tables);
        var rows = await PostgresScalarAsync(connectionString, $"SELECT count(*) FROM charger.{SessionJournal.JournalTable} WHERE persistence_id = 'sessions-cp-1'");
        Assert.True(rows >= 22, $"{rows} rows moved");
        Assert.Equal(22, await PostgresScalarAsync(connectionString, "SELECT count(*) FROM charger.legacy_journal"));

        await using (var again = await StartAsync())
        {
            await again.AwaitStateAsync(1);
            await AssertHistoryAsAnsweredBeforeAsync(again, "postgres", OpenPostgresSessionId);
        }
        Assert.Equal(rows, await PostgresScalarAsync(connectionString, $"SELECT count(*) FROM charger.{SessionJournal.JournalTable}"));
    }

    /// <summary>
    /// Every session the previous release had closed answers as it answered then, field by field, with its events;
    /// the one it left open (charging at the kill) was recovered from the moved journal and, the simulated charger
    /// being idle now, closed by the reconciliation, keeping its user, start and events.
    /// </summary>
    private static async Task AssertHistoryAsAnsweredBeforeAsync(RunningDaemon daemon, string store, string openSessionId)
    {
        var expected = SessionsOf(JsonDocument.Parse(File.ReadAllText(PreviousReleaseFixtures.Path(store, "expected-sessions.json"))).RootElement);
        List<JsonElement> actual = [];
        await RunningDaemon.AwaitAsync(async () =>
        {
            actual = SessionsOf(await GetAsync(daemon.Reader, "/api/sessions?limit=100"));
            return actual.Count == expected.Count && actual.All(s => s.GetProperty("status").GetString() != "ACTIVE");
        }, "the recovered open session to be reconciled");

        foreach (var before in expected)
        {
            var id = before.GetProperty("session_id").GetString()!;
            var now = Assert.Single(actual, s => s.GetProperty("session_id").GetString() == id);
            var expectedEvents = EventsOf(JsonDocument.Parse(File.ReadAllText(PreviousReleaseFixtures.Path(store, $"expected-session-{id}-events.json"))).RootElement);
            var events = EventsOf(await GetAsync(daemon.Reader, $"/api/sessions/{id}/events"));
            if (id != openSessionId)
            {
                AssertAnswersAsBefore(before, now);
                Assert.Equal(expectedEvents.Count, events.Count);
                foreach (var (was, @is) in expectedEvents.Zip(events)) AssertAnswersAsBefore(was, @is);
                continue;
            }
            foreach (var field in new[] { "charger_id", "user_id", "start_time", "start_state" })
                Assert.Equal(Compact(before.GetProperty(field)), Compact(now.GetProperty(field)));
            Assert.Equal("COMPLETED", now.GetProperty("status").GetString());
            foreach (var (was, @is) in expectedEvents.Zip(events)) AssertAnswersAsBefore(was, @is);
        }
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    /// <summary>Every field the previous release answered has the same value now (this release may add fields).</summary>
    private static void AssertAnswersAsBefore(JsonElement before, JsonElement now)
    {
        foreach (var field in before.EnumerateObject())
        {
            Assert.True(now.TryGetProperty(field.Name, out var value), $"'{field.Name}' is gone from {Compact(now)}");
            Assert.True(Compact(field.Value) == Compact(value), $"'{field.Name}' was {Compact(field.Value)}, is {Compact(value)}");
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    // The lists as the legacy routes answer them, whether nested under "data" (this release) or at the top level.
    private static List<JsonElement> SessionsOf(JsonElement body) =>
        [.. (body.TryGetProperty("sessions", out var top) ? top : body.GetProperty("data").GetProperty("sessions")).EnumerateArray()];

    private static List<JsonElement> EventsOf(JsonElement body) =>
        [.. (body.TryGetProperty("events", out var top) ? top : body.GetProperty("data").GetProperty("events")).EnumerateArray()];

    /// <summary>The previous release's journal of cp-1, each event as this release's types serialize it.</summary>
    private List<string> ReadOldJournal(string path)
    {
        // From a scratch copy: a file in WAL mode cannot be opened read-only without its -shm, and the original stays untouched.
        var scratch = Path.Combine(_dir, $"read-{Guid.NewGuid():N}.db");
        File.Copy(path, scratch);
        using var connection = new SqliteConnection($"Data Source={scratch};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, schema_version, payload FROM journal WHERE persistence_id = 'sessions-cp-1' ORDER BY sequence_nr;";
        using var reader = command.ExecuteReader();
        var events = new List<string>();
        while (reader.Read())
        {
            var e = SessionJournalSerializer.Format.Deserialize(reader.GetString(0), reader.GetInt32(1), reader.GetString(2));
            events.Add(JsonSerializer.Serialize(e, e.GetType()));
        }
        return events;
    }

    private static async Task<long> CountAkkaRowsAsync(string dbPath)
    {
        await using var connection = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {SessionJournal.JournalTable};";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> PostgresTablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'charger' ORDER BY 1;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    private static async Task<long> PostgresScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
