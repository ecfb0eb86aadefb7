using System.Globalization;
using System.Text.Json;
using Charger.Actors.Sessions.Sqlite;
using Charger.Actors.Sessions;
using Charger.Tests.Sessions.Sqlite;
using Charger.Tests.TestKit;
using Microsoft.Data.Sqlite;

namespace Charger.Tests.Host.Cli;

/// <summary>
/// <c>charger import-sessions</c>, the built executable, on the <c>sessions.db</c> the predecessor itself wrote
/// (Fixtures/predecessor-sessions-two-charges.sql, a <c>sqlite3 .dump</c> from shared/reference/predecessor-data):
/// two charges whose <c>session_events</c> rows hold only CHARGE_STOPPED while the <c>events</c> JSON column holds
/// CHARGE_STARTED and CHARGE_STOPPED (issue 21).
/// </summary>
public sealed class ImportPredecessorDumpTests : IDisposable
{
    private static readonly string[] SessionIds = ["4d67854e-f595-4950-ba27-520295a818e5", "8308d8b6-a86e-4d12-a719-67a156fb82d8"];
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-import-dump-").FullName;

    private string DataDir => Path.Combine(_dir, "data");

    // The predecessor's Pi ran in UTC: its start_time 1796606064 is the JSON's local 2026-12-07T01:14:24.
    // The importer reads JSON times in the local zone, as on the Pi, so it runs in that zone here.
    private Task<(int Exit, string Out, string Err)> Charger(params string[] args) =>
        ChargerExecutable.RunAsync(_dir, new Dictionary<string, string> { ["CHARGER_DATA_DIR"] = DataDir, ["TZ"] = "UTC" }, args);

    private string PredecessorDatabase()
    {
        var path = Path.Combine(_dir, "sessions.db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Host", "Cli", "Fixtures", "predecessor-sessions-two-charges.sql"));
        command.ExecuteNonQuery();
        return path;
    }

    private sealed record Expected(string Type, DateTimeOffset At, int? FromState, int? ToState);

    /// <summary>The session's <c>events</c> JSON entries and its <c>session_events</c> rows (type, Unix seconds), read from the predecessor's file.</summary>
    private static (List<Expected> Json, List<(string Type, long Seconds)> Rows) Sources(string path, string sessionId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var events = connection.CreateCommand();
        events.CommandText = "SELECT events FROM sessions WHERE session_id = $id;";
        events.Parameters.AddWithValue("$id", sessionId);
        using var document = JsonDocument.Parse((string)events.ExecuteScalar()!);
        var json = document.RootElement.EnumerateArray().Select(e => new Expected(
            e.GetProperty("event_type").GetString()!,
            DateTimeOffset.Parse(e.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            e.GetProperty("data").GetProperty("from_state").GetInt32(),
            e.GetProperty("data").GetProperty("to_state").GetInt32())).ToList();

        using var rows = connection.CreateCommand();
        rows.CommandText = "SELECT event_type, event_timestamp FROM session_events WHERE session_id = $id ORDER BY id;";
        rows.Parameters.AddWithValue("$id", sessionId);
        var list = new List<(string, long)>();
        using var reader = rows.ExecuteReader();
        while (reader.Read()) list.Add((reader.GetString(0), reader.GetInt64(1)));
        return (json, list);
    }

    /// <summary>CHARGE_STARTED as our history names it: ChargeStarted.</summary>
    private static string OurName(string predecessorType) =>
        string.Concat(predecessorType.Split('_').Select(w => w[..1] + w[1..].ToLowerInvariant()));

    [Fact]
    public async Task Both_sources_are_merged_every_event_once_in_time_order_and_a_second_import_adds_nothing()
    {
        var source = PredecessorDatabase();

        var first = await Charger("import-sessions", source);
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("Imported 2 session(s) with 4 event(s) for charger cp-1", first.Out, StringComparison.Ordinal);
        Assert.Contains("0 already present; 0 skipped", first.Out, StringComparison.Ordinal);
        Assert.Contains("Events of the imported sessions: 2 from session_events, 4 from the events JSON column; 2 were in both", first.Out, StringComparison.Ordinal);
        Assert.Contains("4 imported.", first.Out, StringComparison.Ordinal);

        var second = await Charger("import-sessions", source);
        Assert.True(second.Exit == 0, second.Err);
        Assert.Contains("Imported 0 session(s) with 0 event(s)", second.Out, StringComparison.Ordinal);
        Assert.Contains("2 already present; 0 skipped", second.Out, StringComparison.Ordinal);
        Assert.Contains("0 from session_events, 0 from the events JSON column; 0 were in both", second.Out, StringComparison.Ordinal);

        await using var database = await SqliteDatabase.OpenAsync(DataDir);
        var queries = new SqliteSessionQueries(database);
        foreach (var id in SessionIds)
        {
            var (json, rows) = Sources(source, id);
            // What the file holds, so the comparison below means something.
            Assert.Equal(["CHARGE_STARTED", "CHARGE_STOPPED"], json.Select(e => e.Type));
            Assert.Equal(["CHARGE_STOPPED"], rows.Select(r => r.Type));

            // What /api/sessions/{id} shows: the session and its history.
            var session = await queries.GetAsync("cp-1", id);
            Assert.NotNull(session);
            Assert.Equal((SessionStatus.Completed, 2), (session.Status, session.EventCount));
            var history = (await queries.EventsAsync("cp-1", id))!;
            Assert.Equal(["ChargeStarted", "ChargeStopped"], history.Select(e => e.Type));

            // Event by event: every JSON entry, with its time to the microsecond and its states, in time order ...
            Assert.Equal(json.OrderBy(e => e.At).Select(e => (OurName(e.Type), e.At, e.FromState, e.ToState)),
                history.Select(e => (e.Type, e.At, e.FromState, e.ToState)));
            Assert.Equal([1, 2], history.Select(e => e.Position));
            // ... and every session_events row is one of them (same type, within its whole second), not a second copy.
            foreach (var (type, seconds) in rows)
                Assert.Single(history, e => e.Type == OurName(type) && e.At.ToUnixTimeSeconds() == seconds);
        }

        Assert.Equal(2 * 2 + 4, (await AkkaJournalRows.SequenceNrsAsync(database, "sessions-imported-cp-1")).Count);
        Assert.Empty(await AkkaJournalRows.SequenceNrsAsync(database, SessionActor.PersistenceIdOf("cp-1")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
