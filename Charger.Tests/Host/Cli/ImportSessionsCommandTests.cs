using Charger.Actors.Sessions.Sqlite;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Queries;
using Charger.Tests.Sessions.Sqlite;
using Charger.Tests.TestKit;
using Microsoft.Data.Sqlite;

namespace Charger.Tests.Host.Cli;

/// <summary><c>charger import-sessions</c> run as the built executable on a database with the predecessor's exact schema.</summary>
public sealed class ImportSessionsCommandTests : IDisposable
{
    private static readonly DateTimeOffset T = new(2025, 11, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-import-").FullName;

    private string DataDir => Path.Combine(_dir, "data");

    private string ChargerDb => Path.Combine(DataDir, SqliteDatabase.FileName);

    private Task<(int Exit, string Out, string Err)> Charger(params string[] args) =>
        ChargerExecutable.RunAsync(_dir, new Dictionary<string, string> { ["CHARGER_DATA_DIR"] = DataDir }, args);

    private static long At(int seconds) => T.AddSeconds(seconds).ToUnixTimeSeconds();

    private string PredecessorDatabase()
    {
        var path = Path.Combine(_dir, "sessions.db");
        using var db = PredecessorFixture.Create(path);
        PredecessorFixture.AddSession(db, "s-completed", "alice", At(0), At(3600), 5, 7, "COMPLETED");
        PredecessorFixture.AddEvent(db, "s-completed", "CHARGE_STARTED", At(0), 4, 5);
        PredecessorFixture.AddEvent(db, "s-completed", "CHARGE_PAUSED", At(600), 5, 6);
        PredecessorFixture.AddEvent(db, "s-completed", "CHARGE_STARTED", At(900), 6, 5);
        PredecessorFixture.AddEvent(db, "s-completed", "CHARGE_STOPPED", At(3600), 5, 7);

        PredecessorFixture.AddSession(db, "s-cancelled", "bob", At(7200), At(7500), 5, 1, "CANCELLED");
        PredecessorFixture.AddEvent(db, "s-cancelled", "CHARGE_STARTED", At(7200), 4, 5);
        PredecessorFixture.AddEvent(db, "s-cancelled", "CABLE_DISCONNECTED", At(7500), 5, 1);

        // Only in the events JSON column, as before the session_events table existed.
        PredecessorFixture.AddSession(db, "s-faulted", null, At(10000), At(10300), 5, 8, "FAULTED", """
            [{"event_type": "CHARGE_STARTED", "timestamp": "2025-11-01T12:46:40+00:00", "data": {"from_state": 4, "to_state": 5, "status": {"CPV": 1847}}},
             {"event_type": "FAULT_DETECTED", "timestamp": "2025-11-01T12:51:40+00:00", "data": {"from_state": 5, "to_state": 8}}]
            """);

        // Left ACTIVE by a fault (PREDECESSOR.md 4.2), never closed.
        PredecessorFixture.AddSession(db, "s-open", "alice", At(20000), null, 5, null, "ACTIVE");
        PredecessorFixture.AddEvent(db, "s-open", "CHARGE_STARTED", At(20000), 4, 5);
        PredecessorFixture.AddEvent(db, "s-open", "FAULT_DETECTED", At(20100), 5, 8);

        PredecessorFixture.AddSession(db, "s-garbled", "carol", At(30000), At(30100), 5, 7, "COMPLETED", "not json");
        return path;
    }

    [Fact]
    public async Task Imports_every_status_once_with_users_times_and_events_and_no_energy()
    {
        var source = PredecessorDatabase();

        var first = await Charger("import-sessions", source);
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("Imported 4 session(s) with 10 event(s) for charger cp-1", first.Out, StringComparison.Ordinal);
        Assert.Contains("0 already present; 1 skipped", first.Out, StringComparison.Ordinal);
        Assert.Contains("skipped s-garbled: its events column is not the predecessor's JSON list of events", first.Out, StringComparison.Ordinal);
        Assert.Contains("Energy is left empty", first.Out, StringComparison.Ordinal);

        var second = await Charger("import-sessions", source);
        Assert.True(second.Exit == 0, second.Err);
        Assert.Contains("Imported 0 session(s) with 0 event(s)", second.Out, StringComparison.Ordinal);
        Assert.Contains("4 already present; 1 skipped", second.Out, StringComparison.Ordinal);

        await using var database = await SqliteDatabase.OpenAsync(DataDir);
        var queries = new SqliteSessionQueries(database);
        var page = await queries.ListAsync(new SessionFilter("cp-1"));
        Assert.Equal(4, page.TotalCount);
        Assert.Equal(["s-open", "s-faulted", "s-cancelled", "s-completed"], page.Sessions.Select(s => s.SessionId));

        var completed = page.Sessions.Single(s => s.SessionId == "s-completed");
        Assert.Equal(("alice", SessionStatus.Completed, T, T.AddHours(1), 5, (int?)7), (completed.UserId, completed.Status, completed.StartedAt, completed.EndedAt, completed.StartState, completed.EndState));
        Assert.Null(completed.EnergyKwh);
        var events = (await queries.EventsAsync("cp-1", "s-completed"))!;
        Assert.Equal(["ChargeStarted", "ChargePaused", "ChargeStarted", "ChargeStopped"], events.Select(e => e.Type));
        Assert.Equal([T, T.AddSeconds(600), T.AddSeconds(900), T.AddSeconds(3600)], events.Select(e => e.At));
        Assert.Equal([(int?)4, 5, 6, 5], events.Select(e => e.FromState));
        Assert.Equal([(int?)5, 6, 5, 7], events.Select(e => e.ToState));

        var cancelled = page.Sessions.Single(s => s.SessionId == "s-cancelled");
        Assert.Equal(("bob", SessionStatus.Cancelled, T.AddSeconds(7500), (int?)1), (cancelled.UserId, cancelled.Status, cancelled.EndedAt, cancelled.EndState));
        Assert.Equal(["ChargeStarted", "CableDisconnected"], (await queries.EventsAsync("cp-1", "s-cancelled"))!.Select(e => e.Type));

        var faulted = page.Sessions.Single(s => s.SessionId == "s-faulted");
        Assert.Equal(((string?)null, SessionStatus.Faulted, (int?)8), (faulted.UserId, faulted.Status, faulted.EndState));
        var fromJson = (await queries.EventsAsync("cp-1", "s-faulted"))!;
        Assert.Equal([("ChargeStarted", T.AddSeconds(10000), (int?)5), ("FaultDetected", T.AddSeconds(10300), (int?)8)], fromJson.Select(e => (e.Type, e.At, e.ToState)));

        var open = page.Sessions.Single(s => s.SessionId == "s-open");
        Assert.Equal(SessionStatus.Cancelled, open.Status);
        Assert.Equal(T.AddSeconds(20100), open.EndedAt);
        Assert.Equal(8, open.EndState);
        Assert.Contains("never closed", open.EndReason, StringComparison.Ordinal);
        Assert.Null(await queries.CurrentAsync("cp-1"));

        Assert.Equal(["s-completed", "s-open"], (await queries.ListAsync(new SessionFilter("cp-1", UserId: "alice"))).Sessions.Select(s => s.SessionId).Order());

        // The live session actor's journal is untouched; the imported one holds each session once.
        Assert.Empty(await AkkaJournalRows.SequenceNrsAsync(database, SessionActor.PersistenceIdOf("cp-1")));
        Assert.Equal(4 * 2 + 10, (await AkkaJournalRows.SequenceNrsAsync(database, "sessions-imported-cp-1")).Count);
    }

    [Fact]
    public async Task Rows_and_json_are_merged_within_a_second_and_rows_alone_are_kept_when_the_json_is_unreadable()
    {
        var path = Path.Combine(_dir, "sessions.db");
        using (var db = PredecessorFixture.Create(path))
        {
            // The row's whole second and the JSON's 10:00:00.4 are one CHARGE_STARTED; the JSON's pause and the
            // row-only CHARGE_STARTED at +2 s (a resume) are events of their own; the stop is in both.
            PredecessorFixture.AddSession(db, "s-both", "alice", At(0), At(60), 5, 7, "COMPLETED", """
                [{"event_type": "CHARGE_STARTED", "timestamp": "2025-11-01T10:00:00.400000+00:00", "data": {"from_state": 4, "to_state": 5}},
                 {"event_type": "CHARGE_PAUSED", "timestamp": "2025-11-01T10:00:01.100000+00:00", "data": {"from_state": 5, "to_state": 6}},
                 {"event_type": "CHARGE_STOPPED", "timestamp": "2025-11-01T10:01:00.900000+00:00", "data": {"from_state": 5, "to_state": 7}}]
                """);
            PredecessorFixture.AddEvent(db, "s-both", "CHARGE_STARTED", At(0), 4, 5);
            PredecessorFixture.AddEvent(db, "s-both", "CHARGE_STARTED", At(2), 6, 5);
            PredecessorFixture.AddEvent(db, "s-both", "CHARGE_STOPPED", At(60), 5, 7);

            PredecessorFixture.AddSession(db, "s-rows", "bob", At(100), At(160), 5, 7, "COMPLETED", "not json");
            PredecessorFixture.AddEvent(db, "s-rows", "CHARGE_STOPPED", At(160), 5, 7);
        }

        var run = await Charger("import-sessions", path);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("Imported 2 session(s) with 5 event(s)", run.Out, StringComparison.Ordinal);
        Assert.Contains("4 from session_events, 3 from the events JSON column; 2 were in both", run.Out, StringComparison.Ordinal);
        Assert.Contains("note s-rows: its events column is not the predecessor's JSON list of events; only its 1 session_events row(s) were imported", run.Out,
            StringComparison.Ordinal);

        await using var database = await SqliteDatabase.OpenAsync(DataDir);
        var queries = new SqliteSessionQueries(database);
        var both = (await queries.EventsAsync("cp-1", "s-both"))!;
        Assert.Equal([("ChargeStarted", T.AddMilliseconds(400)), ("ChargePaused", T.AddMilliseconds(1100)), ("ChargeStarted", T.AddSeconds(2)),
            ("ChargeStopped", T.AddMilliseconds(60900))], both.Select(e => (e.Type, e.At)));
        Assert.Equal(4, (await queries.GetAsync("cp-1", "s-both"))!.EventCount);
        Assert.Equal([("ChargeStopped", T.AddSeconds(160))], (await queries.EventsAsync("cp-1", "s-rows"))!.Select(e => (e.Type, e.At)));
    }

    [Fact]
    public async Task Imports_into_the_charger_given_and_refuses_one_not_configured()
    {
        var source = PredecessorDatabase();
        var unknown = await Charger("import-sessions", source, "--charger", "cp-9");
        Assert.Equal(64, unknown.Exit);
        Assert.Contains("no charger 'cp-9' is configured (chargers: cp-1)", unknown.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(ChargerDb));

        var conf = Path.Combine(_dir, "charger.conf");
        await File.WriteAllTextAsync(conf, """chargers = [ { id = "cp-1" }, { id = "garage", serial { port = "/dev/ttyUSB1" } } ]""");
        var named = await Charger("import-sessions", source, "--config", conf, "--charger", "garage");
        Assert.True(named.Exit == 0, named.Err);
        Assert.Contains("Imported 4 session(s) with 10 event(s) for charger garage", named.Out, StringComparison.Ordinal);

        await using var database = await SqliteDatabase.OpenAsync(DataDir);
        var queries = new SqliteSessionQueries(database);
        Assert.Equal(4, (await queries.ListAsync(new SessionFilter("garage"))).TotalCount);
        Assert.Equal(0, (await queries.ListAsync(new SessionFilter("cp-1"))).TotalCount);
    }

    [Fact]
    public async Task A_file_that_is_not_the_predecessors_database_is_refused_and_nothing_is_written()
    {
        var text = Path.Combine(_dir, "notes.db");
        await File.WriteAllTextAsync(text, "these are not the sessions you are looking for, padded past a page header................................");
        var other = Path.Combine(_dir, "other.db");
        using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE sessions (id INTEGER PRIMARY KEY, started TEXT); CREATE TABLE session_events (id INTEGER PRIMARY KEY);";
            command.ExecuteNonQuery();
        }

        var notSqlite = await Charger("import-sessions", text);
        var wrongTables = await Charger("import-sessions", other);
        var missing = await Charger("import-sessions", Path.Combine(_dir, "nowhere.db"));

        Assert.Equal((65, 65, 65), (notSqlite.Exit, wrongTables.Exit, missing.Exit));
        Assert.Contains("is not a readable SQLite database", notSqlite.Err, StringComparison.Ordinal);
        Assert.Contains("its 'sessions' table lacks session_id, user_id, start_time", wrongTables.Err, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Err, StringComparison.Ordinal);
        Assert.All([notSqlite.Err, wrongTables.Err, missing.Err], err => Assert.Contains("Nothing was imported.", err, StringComparison.Ordinal));
        Assert.False(Directory.Exists(DataDir));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
