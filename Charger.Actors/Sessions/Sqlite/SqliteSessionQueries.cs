using System.Text;
using Charger.Actors.Sessions.Sqlite;
using Charger.Actors.Sessions.Queries;
using Microsoft.Data.Sqlite;

namespace Charger.Actors.Sessions.Sqlite;

/// <summary>
/// <see cref="ISessionQueries"/> on the tables <see cref="SqliteSessionTables"/> keeps. Reads run on the
/// database's read-only connections, concurrently with the journal's writes. A page is an index range
/// scan (charger, [status | user,] start_time DESC), so its cost does not grow with the table; totals
/// and stats come from the session_counts table that triggers keep (schema step 4).
/// </summary>
public sealed class SqliteSessionQueries(SqliteDatabase database) : ISessionQueries
{
    private const string Columns = SessionRows.Columns + ", " + SessionRows.MeterColumns;

    public Task<SessionPage> ListAsync(SessionFilter filter, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection =>
        {
            var where = Where(filter);

            // Without a user filter the total is a row or five of session_counts, not a count of the index.
            using var count = filter.UserId is null
                ? Command(connection, $"SELECT coalesce(sum(n), 0) FROM session_counts WHERE {where};", filter)
                : Command(connection, $"SELECT count(*) FROM sessions WHERE {where};", filter);
            var total = (long)count.ExecuteScalar()!;

            using var page = PageCommand(connection, filter);
            return Task.FromResult(new SessionPage(ReadSessions(page), total));
        }, cancellationToken);

    /// <summary>The query of a page, parameters bound: visible to the tests that check its plan.</summary>
    internal static SqliteCommand PageCommand(SqliteConnection connection, SessionFilter filter)
    {
        var page = Command(connection,
            $"SELECT {Columns} FROM sessions WHERE {Where(filter)} ORDER BY start_time DESC, session_id DESC LIMIT $limit OFFSET $offset;", filter);
        page.Parameters.AddWithValue("$limit", filter.Limit);
        page.Parameters.AddWithValue("$offset", filter.Offset);
        return page;
    }

    private static string Where(SessionFilter filter)
    {
        var where = new StringBuilder(filter.ChargerId is null ? "TRUE" : "charger_id = $charger");
        if (filter.Status is not null) where.Append(" AND status = $status");
        if (filter.UserId is not null) where.Append(" AND user_id = $user");
        return where.ToString();
    }

    public Task<SessionSummary?> CurrentAsync(string chargerId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {Columns} FROM sessions WHERE charger_id = $charger AND status = 'ACTIVE'
                ORDER BY start_time DESC, session_id DESC LIMIT 1;
                """;
            command.Parameters.AddWithValue("$charger", chargerId);
            return Task.FromResult(ReadSessions(command).FirstOrDefault());
        }, cancellationToken);

    public Task<SessionSummary?> GetAsync(string chargerId, string sessionId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => Task.FromResult(Find(connection, chargerId, sessionId)), cancellationToken);

    public Task<IReadOnlyList<SessionEventView>?> EventsAsync(string chargerId, string sessionId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection =>
        {
            if (Find(connection, chargerId, sessionId) is null) return Task.FromResult<IReadOnlyList<SessionEventView>?>(null);
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT position, event_type, timestamp, from_state, to_state, message FROM session_events
                WHERE session_id = $id ORDER BY position;
                """;
            command.Parameters.AddWithValue("$id", sessionId);
            using var reader = command.ExecuteReader();
            var events = new List<SessionEventView>();
            while (reader.Read())
                events.Add(new SessionEventView(reader.GetInt32(0), reader.GetString(1), SqliteTimestamp.FromText(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt32(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5)));
            return Task.FromResult<IReadOnlyList<SessionEventView>?>(events);
        }, cancellationToken);

    public Task<SessionStats> StatsAsync(string chargerId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT status, n FROM session_counts WHERE charger_id = $charger;";
            command.Parameters.AddWithValue("$charger", chargerId);
            using var reader = command.ExecuteReader();
            var by = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read()) by[reader.GetString(0)] = reader.GetInt64(1);
            return Task.FromResult(SessionRows.Stats(by));
        }, cancellationToken);

    public Task<int> DeleteEndedBeforeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken = default) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // session_events go with their session (ON DELETE CASCADE).
            command.CommandText = "DELETE FROM sessions WHERE end_time IS NOT NULL AND end_time < $before;";
            command.Parameters.AddWithValue("$before", SqliteTimestamp.ToText(endedBefore));
            return Task.FromResult(command.ExecuteNonQuery());
        }, cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, string sql, SessionFilter filter)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (filter.ChargerId is { } chargerId) command.Parameters.AddWithValue("$charger", chargerId);
        if (filter.Status is { } status) command.Parameters.AddWithValue("$status", status.ToString().ToUpperInvariant());
        if (filter.UserId is { } user) command.Parameters.AddWithValue("$user", user);
        return command;
    }

    private static SessionSummary? Find(SqliteConnection connection, string chargerId, string sessionId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM sessions WHERE session_id = $id AND charger_id = $charger;";
        command.Parameters.AddWithValue("$id", sessionId);
        command.Parameters.AddWithValue("$charger", chargerId);
        return ReadSessions(command).FirstOrDefault();
    }

    private static List<SessionSummary> ReadSessions(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var sessions = new List<SessionSummary>();
        while (reader.Read())
            sessions.Add(SessionRows.Summary(reader, column => SqliteTimestamp.FromText(reader.GetString(column))));
        return sessions;
    }
}
