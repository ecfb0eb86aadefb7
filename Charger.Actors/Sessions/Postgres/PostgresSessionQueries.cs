using System.Globalization;
using System.Text;
using Charger.Actors.Sessions.Postgres;
using Charger.Actors.Sessions.Queries;
using Npgsql;
using static Charger.Actors.Sessions.Postgres.SessionParameter;

namespace Charger.Actors.Sessions.Postgres;

/// <summary>
/// <see cref="ISessionQueries"/> on the tables <see cref="PostgresSessionTables"/> keeps, each read on a
/// pooled connection of its own. As on SQLite, a page is an index range scan (charger, [status | user |
/// user and status,] start_time DESC) and totals and stats come from <c>charger.session_counts</c>, which a
/// trigger keeps (<see cref="PostgresSchema"/>, step 3).
/// </summary>
public sealed class PostgresSessionQueries(PostgresDatabase database) : ISessionQueries
{
    private const string Columns = SessionRows.Columns + "::text, " + SessionRows.MeterColumns; // link_degraded is jsonb: read as text

    private readonly PostgresDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    public Task<SessionPage> ListAsync(SessionFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return _database.ReadAsync(async connection =>
        {
            var (where, parameters) = Where(filter);
            // Without a user filter the total is a row or four of session_counts, not a count of the index.
            // sum(bigint) is numeric in PostgreSQL: cast back.
            var countSql = filter.UserId is null
                ? $"SELECT coalesce(sum(n), 0)::bigint FROM charger.session_counts WHERE {where};"
                : $"SELECT count(*) FROM charger.sessions WHERE {where};";
            long total;
            await using (var count = Command(connection, countSql, parameters))
                total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;

            await using var page = PageCommand(connection, filter);
            return new SessionPage(await ReadSessionsAsync(page, cancellationToken).ConfigureAwait(false), total);
        }, cancellationToken);
    }

    /// <summary>The query of a page, parameters bound: visible to the tests that check its plan.</summary>
    internal static NpgsqlCommand PageCommand(NpgsqlConnection connection, SessionFilter filter)
    {
        var (where, parameters) = Where(filter);
        var n = parameters.Count;
        return Command(connection,
            $"SELECT {Columns} FROM charger.sessions WHERE {where} ORDER BY start_time DESC, session_id DESC LIMIT ${n + 1} OFFSET ${n + 2};",
            [.. parameters, Integer(filter.Limit), Integer(filter.Offset)]);
    }

    /// <summary>The filter as a condition on positional parameters $1, $2...; the same for sessions and session_counts (without a user).</summary>
    private static (string Where, List<NpgsqlParameter> Parameters) Where(SessionFilter filter)
    {
        var parameters = new List<NpgsqlParameter>();
        var where = new StringBuilder("TRUE");
        if (filter.ChargerId is { } chargerId)
        {
            parameters.Add(Text(chargerId));
            where.Append(CultureInfo.InvariantCulture, $" AND charger_id = ${parameters.Count}");
        }
        if (filter.Status is { } status)
        {
            parameters.Add(Text(status.ToString().ToUpperInvariant()));
            where.Append(CultureInfo.InvariantCulture, $" AND status = ${parameters.Count}");
        }
        if (filter.UserId is { } user)
        {
            parameters.Add(Text(user));
            where.Append(CultureInfo.InvariantCulture, $" AND user_id = ${parameters.Count}");
        }
        return (where.ToString(), parameters);
    }

    public Task<SessionSummary?> CurrentAsync(string chargerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async connection =>
        {
            await using var command = Command(connection, $"""
                SELECT {Columns} FROM charger.sessions WHERE charger_id = $1 AND status = 'ACTIVE'
                ORDER BY start_time DESC, session_id DESC LIMIT 1;
                """, [Text(chargerId)]);
            return (await ReadSessionsAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        }, cancellationToken);

    public Task<SessionSummary?> GetAsync(string chargerId, string sessionId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(connection => FindAsync(connection, chargerId, sessionId, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<SessionEventView>?> EventsAsync(string chargerId, string sessionId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<SessionEventView>?>(async connection =>
        {
            if (await FindAsync(connection, chargerId, sessionId, cancellationToken).ConfigureAwait(false) is null) return null;
            await using var command = Command(connection, """
                SELECT position, event_type, "timestamp", from_state, to_state, message FROM charger.session_events
                WHERE session_id = $1 ORDER BY position;
                """, [Text(sessionId)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var events = new List<SessionEventView>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                events.Add(new SessionEventView(reader.GetInt32(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt32(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5)));
            return events;
        }, cancellationToken);

    public Task<SessionStats> StatsAsync(string chargerId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(async connection =>
        {
            await using var command = Command(connection, "SELECT status, n FROM charger.session_counts WHERE charger_id = $1;", [Text(chargerId)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var by = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) by[reader.GetString(0)] = reader.GetInt64(1);
            return SessionRows.Stats(by);
        }, cancellationToken);

    public Task<int> DeleteEndedBeforeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(async (connection, transaction) =>
        {
            // session_events go with their session (ON DELETE CASCADE), session_counts with the trigger.
            await using var command = Command(connection, "DELETE FROM charger.sessions WHERE end_time IS NOT NULL AND end_time < $1;", [Time(endedBefore)]);
            command.Transaction = transaction;
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, IEnumerable<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(p);
        return command;
    }

    private static async Task<SessionSummary?> FindAsync(NpgsqlConnection connection, string chargerId, string sessionId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"SELECT {Columns} FROM charger.sessions WHERE session_id = $1 AND charger_id = $2;",
            [Text(sessionId), Text(chargerId)]);
        return (await ReadSessionsAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    private static async Task<List<SessionSummary>> ReadSessionsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var sessions = new List<SessionSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            sessions.Add(SessionRows.Summary(reader, column => reader.GetFieldValue<DateTimeOffset>(column)));
        return sessions;
    }
}
