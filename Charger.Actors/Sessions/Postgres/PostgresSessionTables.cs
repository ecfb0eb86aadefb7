using Charger.Actors.Sessions.Projection;
using Charger.Actors.Sessions.Queries;
using Npgsql;
using static Charger.Actors.Sessions.Postgres.SessionParameter;

namespace Charger.Actors.Sessions.Postgres;

/// <summary>
/// Keeps <c>charger.sessions</c> and <c>charger.session_events</c> (<see cref="PostgresSchema"/>) as the projection
/// applies the session journal to them, with the offset in <c>charger.projection_offsets</c> in the same
/// transaction (<see cref="ISessionTablesWriter"/>). The rows are the ones <c>SqliteSessionTables</c> writes;
/// only the SQL dialect differs.
/// </summary>
public sealed class PostgresSessionTables(PostgresDatabase database) : ISessionTablesWriter
{
    public const string ProjectionName = "sessions";

    /// <summary>Runs between the rows and the offset of a batch, inside its transaction: the crash tests throw here.</summary>
    internal Action? BetweenRowsAndOffset { get; set; }

    public Task<long> ReadOffsetAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT ordering FROM charger.projection_offsets WHERE name = $1;", connection);
            command.Parameters.Add(Text(ProjectionName));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ordering ? ordering : 0;
        }, cancellationToken);

    public Task<bool> ApplyAsync(IReadOnlyList<ISessionEvent> events, long expectedOffset, long newOffset, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // FOR UPDATE: a second projection waits here and then sees the offset this one moved.
            await using (var read = new NpgsqlCommand("SELECT ordering FROM charger.projection_offsets WHERE name = $1 FOR UPDATE;", connection, transaction))
            {
                read.Parameters.Add(Text(ProjectionName));
                var stored = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long o ? o : 0;
                if (stored != expectedOffset) return false;
            }
            foreach (var e in events) await ApplyAsync(transaction, e, cancellationToken).ConfigureAwait(false);
            BetweenRowsAndOffset?.Invoke();
            await SetOffsetAsync(transaction, newOffset, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Sets the offset outright: the migration from the previous release, whose tables already hold its journal.</summary>
    internal static Task SetOffsetAsync(NpgsqlTransaction transaction, long ordering, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, """
            INSERT INTO charger.projection_offsets (name, ordering) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET ordering = excluded.ordering;
            """, cancellationToken, Text(ProjectionName), new NpgsqlParameter<long> { TypedValue = ordering });

    private static async Task ApplyAsync(NpgsqlTransaction transaction, ISessionEvent e, CancellationToken cancellationToken)
    {
        switch (e)
        {
            case SessionOpened o:
                await ExecuteAsync(transaction, """
                    INSERT INTO charger.sessions (session_id, charger_id, user_id, status, start_time, start_state, last_state)
                    VALUES ($1, $2, $3, 'ACTIVE', $4, $5, $5);
                    """, cancellationToken, Text(o.SessionId), Text(o.ChargerId), Text(o.UserId), Time(o.At), Integer(o.StartState)).ConfigureAwait(false);
                break;
            case SessionEventRecorded r:
                await AddEventAsync(transaction, r.SessionId, r.Type.ToString(), r.At, r.FromState, r.ToState, r.Message, cancellationToken).ConfigureAwait(false);
                break;
            case SessionLinkDegraded d:
                await AddEventAsync(transaction, d.SessionId, SessionEventView.LinkDown, d.At, null, null, d.Reason, cancellationToken).ConfigureAwait(false);
                break;
            case SessionLinkRestored u:
                await AddEventAsync(transaction, u.SessionId, SessionEventView.LinkUp, u.At, null, null, null, cancellationToken).ConfigureAwait(false);
                break;
            case SessionClosed c:
                await ExecuteAsync(transaction, """
                    UPDATE charger.sessions SET status = $2, end_time = $3, end_state = $4, end_reason = $5,
                                                last_state = coalesce($4, last_state)
                    WHERE session_id = $1;
                    """, cancellationToken, Text(c.SessionId), Text(c.Status.ToString().ToUpperInvariant()), Time(c.At), Integer(c.EndState),
                    Text(c.Reason)).ConfigureAwait(false);
                break;
            case SessionMeterStarted m:
                await ExecuteAsync(transaction, "UPDATE charger.sessions SET meter_start_wh = $2 WHERE session_id = $1;", cancellationToken,
                    Text(m.SessionId), new NpgsqlParameter<double> { TypedValue = m.RegisterWh }).ConfigureAwait(false);
                break;
            case SessionMeterStopped m:
                await ExecuteAsync(transaction, """
                    UPDATE charger.sessions SET meter_stop_wh = $2,
                        energy_kwh = CASE WHEN meter_start_wh IS NOT NULL AND $2 >= meter_start_wh THEN round((($2 - meter_start_wh) / 1000.0)::numeric, 6)::double precision END
                    WHERE session_id = $1;
                    """, cancellationToken, Text(m.SessionId), new NpgsqlParameter<double> { TypedValue = m.RegisterWh }).ConfigureAwait(false);
                break;
            case SessionOcppTransaction o:
                await ExecuteAsync(transaction, "UPDATE charger.sessions SET ocpp_transaction_id = $2 WHERE session_id = $1;", cancellationToken,
                    Text(o.SessionId), Integer(o.TransactionId)).ConfigureAwait(false);
                break;
            case SessionMeterDown m:
                await ExecuteAsync(transaction, "UPDATE charger.sessions SET meter_down_during_charge = true WHERE session_id = $1;", cancellationToken,
                    Text(m.SessionId)).ConfigureAwait(false);
                await AddEventAsync(transaction, m.SessionId, SessionEventView.MeterDown, m.At, null, null, m.Reason, cancellationToken).ConfigureAwait(false);
                break;
        }
        if (LinkDegradedColumn.ChangeFor(e) is { } change)
            await UpdatePeriodsAsync(transaction, e.SessionId, change, cancellationToken).ConfigureAwait(false);
    }

    private static Task AddEventAsync(NpgsqlTransaction transaction, string sessionId, string type, DateTimeOffset at, int? from, int? to,
        string? message, CancellationToken cancellationToken) =>
        // One round trip: the session row counts the event and numbers it. Through the session row, so an
        // event of a session retention already deleted adds nothing.
        ExecuteAsync(transaction, """
            WITH counted AS (
                UPDATE charger.sessions SET event_count = event_count + 1, last_state = coalesce($6, last_state)
                WHERE session_id = $1 RETURNING session_id, event_count)
            INSERT INTO charger.session_events (session_id, position, event_type, "timestamp", from_state, to_state, message)
            SELECT session_id, event_count, $2, $3, $5, $6, $4 FROM counted;
            """, cancellationToken, Text(sessionId), Text(type), Time(at), Text(message), Integer(from), Integer(to));

    private static async Task UpdatePeriodsAsync(NpgsqlTransaction transaction, string sessionId, Func<string, string> change,
        CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand("SELECT link_degraded::text FROM charger.sessions WHERE session_id = $1;", transaction.Connection, transaction);
        read.Parameters.Add(Text(sessionId));
        if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not string json) return;
        var changed = change(json);
        // Most sessions close without an outage: "[]" stays "[]", and the round trip is saved.
        if (changed == json) return;
        await ExecuteAsync(transaction, "UPDATE charger.sessions SET link_degraded = $2 WHERE session_id = $1;", cancellationToken,
            Text(sessionId), Json(changed)).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
