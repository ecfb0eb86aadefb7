using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Charger.Actors.Sessions.Import;

/// <summary>
/// Reads the predecessor's <c>sessions.db</c> (PREDECESSOR.md 4.3), read-only: the <c>sessions</c> rows and
/// their events from both places the predecessor wrote them, merged (<see cref="PredecessorEvents.Merge"/>):
/// its <c>session_events</c> rows hold only some of a session's events and the <c>events</c> JSON column
/// of <c>sessions</c> others (predecessor-data/README.md). Timestamps are Unix seconds; a JSON event's
/// local ISO time without an offset is read in this machine's time zone (the predecessor wrote it in the Pi's).
/// </summary>
public static class PredecessorDatabase
{
    private static readonly string[] SessionColumns = ["session_id", "user_id", "start_time", "end_time", "start_state", "end_state", "status", "events"];
    private static readonly string[] EventColumns = ["id", "session_id", "event_type", "event_timestamp", "from_state", "to_state"];

    /// <exception cref="NotAPredecessorDatabaseException">Missing, not SQLite, or without the predecessor's tables.</exception>
    public static IReadOnlyList<PredecessorSession> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new NotAPredecessorDatabaseException($"{fullPath} does not exist.");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = fullPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            RequireColumns(connection, fullPath, "sessions", SessionColumns);
            RequireColumns(connection, fullPath, "session_events", EventColumns);
            var events = ReadEventRows(connection);
            return ReadSessions(connection, events);
        }
        catch (SqliteException e)
        {
            throw new NotAPredecessorDatabaseException($"{fullPath} is not a readable SQLite database: {e.Message}", e);
        }
    }

    private static void RequireColumns(SqliteConnection connection, string path, string table, string[] required)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table);";
        command.Parameters.AddWithValue("$table", table);
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var reader = command.ExecuteReader())
            while (reader.Read()) columns.Add(reader.GetString(0));
        if (columns.Count == 0)
            throw new NotAPredecessorDatabaseException($"{path} is not the predecessor's sessions database: it has no '{table}' table.");
        var missing = required.Where(c => !columns.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new NotAPredecessorDatabaseException(
                $"{path} is not the predecessor's sessions database: its '{table}' table lacks {string.Join(", ", missing)}.");
    }

    private static Dictionary<string, List<PredecessorEvent>> ReadEventRows(SqliteConnection connection)
    {
        var bySession = new Dictionary<string, List<PredecessorEvent>>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, session_id, event_type, event_timestamp, from_state, to_state FROM session_events ORDER BY event_timestamp, id;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (TimeOf(reader.GetValue(3)) is not { } at) continue;
            var sessionId = reader.GetString(1);
            if (!bySession.TryGetValue(sessionId, out var list)) bySession[sessionId] = list = [];
            list.Add(new PredecessorEvent(reader.GetInt64(0), reader.GetString(2), at, IntOrNull(reader.GetValue(4)), IntOrNull(reader.GetValue(5))));
        }
        return bySession;
    }

    private static List<PredecessorSession> ReadSessions(SqliteConnection connection, Dictionary<string, List<PredecessorEvent>> eventRows)
    {
        var sessions = new List<PredecessorSession>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT session_id, user_id, start_time, end_time, start_state, end_state, status, events FROM sessions ORDER BY start_time, session_id;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetValue(0) as string ?? "";
            var userId = reader.GetValue(1) as string;
            var startedAt = TimeOf(reader.GetValue(2));
            var endValue = reader.GetValue(3);
            var endedAt = TimeOf(endValue);
            var startState = IntOrNull(reader.GetValue(4));
            var endState = IntOrNull(reader.GetValue(5));
            var status = (reader.GetValue(6) as string ?? "").Trim().ToUpperInvariant();
            string? problem = null, note = null;
            IReadOnlyList<PredecessorEvent> events = [];
            var sources = new EventSources(0, 0, 0);
            if (string.IsNullOrWhiteSpace(id)) problem = "the session has no session_id";
            else if (startedAt is null) problem = $"start_time '{reader.GetValue(2)}' is not a time";
            else if (endValue is not DBNull && endedAt is null) problem = $"end_time '{endValue}' is not a time";
            else if (endedAt < startedAt) problem = "end_time is before start_time";
            else if (startState is not (>= 0 and <= 8)) problem = $"start_state '{reader.GetValue(4)}' is not a charger state (0..8)";
            else if (status is not ("ACTIVE" or "COMPLETED" or "CANCELLED" or "FAULTED")) problem = $"status '{status}' is not one of ACTIVE, COMPLETED, CANCELLED, FAULTED";
            else
            {
                var rows = eventRows.TryGetValue(id, out var r) ? r : [];
                var json = EventsFromJson(reader.GetValue(7) as string);
                if (json is null && rows.Count == 0) problem = "its events column is not the predecessor's JSON list of events";
                else if (json is null)
                {
                    (events, sources) = PredecessorEvents.Merge(rows, []);
                    note = $"its events column is not the predecessor's JSON list of events; only its {rows.Count} session_events row(s) were imported";
                }
                else (events, sources) = PredecessorEvents.Merge(rows, json);
            }
            sessions.Add(new PredecessorSession(id, userId, startedAt ?? DateTimeOffset.UnixEpoch, endedAt, startState ?? 0, endState, status, events, problem)
            {
                Sources = sources,
                Note = note,
            });
        }
        return sessions;
    }

    /// <summary>The <c>events</c> column: <c>[{event_type, timestamp, data: {from_state, to_state, ...}}]</c>; null if it is not that.</summary>
    private static List<PredecessorEvent>? EventsFromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return null;
            var events = new List<PredecessorEvent>();
            var position = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                position++;
                if (item.ValueKind != JsonValueKind.Object) return null;
                var data = item.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : item;
                var type = Text(item, "event_type") ?? Text(data, "event_type");
                var at = TimeOf(item, "timestamp") ?? TimeOf(data, "timestamp");
                if (type is null || at is null) return null;
                events.Add(new PredecessorEvent(position, type, at.Value, Number(data, "from_state"), Number(data, "to_state")));
            }
            return events;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static DateTimeOffset? TimeOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetDouble(out var seconds) => TimeOf(seconds),
                JsonValueKind.String => TimeOf(value.GetString()),
                _ => null,
            }
            : null;

    /// <summary>Unix seconds (INTEGER or REAL), or text from before the predecessor's TEXT-to-INTEGER migration.</summary>
    private static DateTimeOffset? TimeOf(object? value) => value switch
    {
        long seconds => DateTimeOffset.FromUnixTimeSeconds(seconds),
        double seconds => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)),
        string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at) => at.ToUniversalTime(),
        _ => null,
    };

    private static int? IntOrNull(object? value) => value switch
    {
        long n when n is >= int.MinValue and <= int.MaxValue => (int)n,
        _ => null,
    };
}
