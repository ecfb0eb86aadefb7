using Charger.Actors.Sessions.Projection;
using Charger.Actors.Sessions.Queries;
using Microsoft.Data.Sqlite;

namespace Charger.Actors.Sessions.Sqlite;

/// <summary>
/// Keeps the <c>sessions</c> and <c>session_events</c> tables of <c>charger.db</c> (<see cref="SqliteSchema"/>)
/// as the projection applies the session journal to them, with the offset in <c>projection_offsets</c> in the
/// same transaction (<see cref="ISessionTablesWriter"/>).
/// </summary>
public sealed class SqliteSessionTables(SqliteDatabase database) : ISessionTablesWriter
{
    /// <summary>The projection's row in <c>projection_offsets</c>.</summary>
    public const string ProjectionName = "sessions";

    /// <summary>Runs between the rows and the offset of a batch, inside its transaction: the crash tests throw here.</summary>
    internal Action? BetweenRowsAndOffset { get; set; }

    public Task<long> ReadOffsetAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => Task.FromResult(ReadOffset(connection, null)), cancellationToken);

    public Task<bool> ApplyAsync(IReadOnlyList<ISessionEvent> events, long expectedOffset, long newOffset, CancellationToken cancellationToken = default) =>
        database.WriteAsync((connection, transaction) =>
        {
            if (ReadOffset(connection, transaction) != expectedOffset) return Task.FromResult(false);
            foreach (var e in events) Apply(connection, transaction, e);
            BetweenRowsAndOffset?.Invoke();
            SetOffset(connection, transaction, newOffset);
            return Task.FromResult(true);
        }, cancellationToken);

    /// <summary>Stores the offset in the caller's transaction: after a batch's rows, and outright by the migration from the
    /// previous release, whose tables already hold its journal.</summary>
    internal static void SetOffset(SqliteConnection connection, SqliteTransaction transaction, long ordering) =>
        Execute(connection, transaction, """
            INSERT INTO projection_offsets (name, ordering) VALUES ($name, $ordering)
            ON CONFLICT (name) DO UPDATE SET ordering = excluded.ordering;
            """, ("$name", ProjectionName), ("$ordering", ordering));

    private static long ReadOffset(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT ordering FROM projection_offsets WHERE name = $name;";
        command.Parameters.AddWithValue("$name", ProjectionName);
        return command.ExecuteScalar() is long ordering ? ordering : 0;
    }

    private static void Apply(SqliteConnection connection, SqliteTransaction transaction, ISessionEvent e)
    {
        switch (e)
        {
            case SessionOpened o:
                Execute(connection, transaction, """
                    INSERT INTO sessions (session_id, charger_id, user_id, status, start_time, start_state, last_state)
                    VALUES ($id, $charger, $user, 'ACTIVE', $at, $state, $state);
                    """, ("$id", o.SessionId), ("$charger", o.ChargerId), ("$user", o.UserId), ("$at", SqliteTimestamp.ToText(o.At)), ("$state", o.StartState));
                break;
            case SessionEventRecorded r:
                AddEvent(connection, transaction, r.SessionId, r.Type.ToString(), r.At, r.FromState, r.ToState, r.Message);
                break;
            case SessionLinkDegraded d:
                AddEvent(connection, transaction, d.SessionId, SessionEventView.LinkDown, d.At, null, null, d.Reason);
                break;
            case SessionLinkRestored u:
                AddEvent(connection, transaction, u.SessionId, SessionEventView.LinkUp, u.At, null, null, null);
                break;
            case SessionClosed c:
                Execute(connection, transaction, """
                    UPDATE sessions SET status = $status, end_time = $at, end_state = $state, end_reason = $reason,
                                        last_state = coalesce($state, last_state)
                    WHERE session_id = $id;
                    """, ("$id", c.SessionId), ("$status", c.Status.ToString().ToUpperInvariant()), ("$at", SqliteTimestamp.ToText(c.At)),
                    ("$state", c.EndState), ("$reason", c.Reason));
                break;
            case SessionMeterStarted m:
                Execute(connection, transaction, "UPDATE sessions SET meter_start_wh = $wh WHERE session_id = $id;", ("$id", m.SessionId), ("$wh", m.RegisterWh));
                break;
            case SessionMeterStopped m:
                Execute(connection, transaction, $"UPDATE sessions SET meter_stop_wh = $wh, {EnergySql} WHERE session_id = $id;",
                    ("$id", m.SessionId), ("$wh", m.RegisterWh));
                break;
            case SessionOcppTransaction o:
                Execute(connection, transaction, "UPDATE sessions SET ocpp_transaction_id = $tx WHERE session_id = $id;", ("$id", o.SessionId),
                    ("$tx", o.TransactionId));
                break;
            case SessionMeterDown m:
                Execute(connection, transaction, "UPDATE sessions SET meter_down_during_charge = 1 WHERE session_id = $id;", ("$id", m.SessionId));
                AddEvent(connection, transaction, m.SessionId, SessionEventView.MeterDown, m.At, null, null, m.Reason);
                break;
        }
        if (LinkDegradedColumn.ChangeFor(e) is { } change)
            UpdatePeriods(connection, transaction, e.SessionId, change);
    }

    /// <summary>Stop minus start in kWh, rounded to the Wh's thousandth; null when the register went backwards (a meter reset).</summary>
    private const string EnergySql =
        "energy_kwh = CASE WHEN meter_start_wh IS NOT NULL AND $wh >= meter_start_wh THEN round(($wh - meter_start_wh) / 1000.0, 6) END";

    private static void AddEvent(SqliteConnection connection, SqliteTransaction transaction, string sessionId, string type,
        DateTimeOffset at, int? from, int? to, string? message)
    {
        // Through the session row, so an event of a session retention already deleted adds nothing.
        var added = Execute(connection, transaction, """
            INSERT INTO session_events (session_id, position, event_type, timestamp, from_state, to_state, message)
            SELECT session_id, event_count + 1, $type, $at, $from, $to, $message FROM sessions WHERE session_id = $id;
            """, ("$id", sessionId), ("$type", type), ("$at", SqliteTimestamp.ToText(at)), ("$from", from), ("$to", to), ("$message", message));
        if (added == 0) return;
        Execute(connection, transaction, """
            UPDATE sessions SET event_count = event_count + 1, last_state = coalesce($to, last_state) WHERE session_id = $id;
            """, ("$id", sessionId), ("$to", to));
    }

    private static void UpdatePeriods(SqliteConnection connection, SqliteTransaction transaction, string sessionId, Func<string, string> change)
    {
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT link_degraded FROM sessions WHERE session_id = $id;";
        read.Parameters.AddWithValue("$id", sessionId);
        if (read.ExecuteScalar() is not string json) return;
        Execute(connection, transaction, "UPDATE sessions SET link_degraded = $periods WHERE session_id = $id;",
            ("$id", sessionId), ("$periods", change(json)));
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command.ExecuteNonQuery();
    }
}
