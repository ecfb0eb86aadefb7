using System.Data.Common;

namespace Charger.Actors.Sessions.Queries;

/// <summary>
/// Reading the session query tables back, the same for SQLite and PostgreSQL: a <c>sessions</c> row selected as
/// <see cref="Columns"/> becomes a <see cref="SessionSummary"/>, and <c>session_counts</c> rows become
/// <see cref="SessionStats"/>. Only how a timestamp is stored differs, so each dialect passes its reader for it.
/// </summary>
public static class SessionRows
{
    /// <summary>The column order <see cref="Summary"/> reads (PostgreSQL casts <c>link_degraded</c> to text).</summary>
    public const string Columns =
        "session_id, charger_id, user_id, status, start_time, end_time, start_state, end_state, end_reason, event_count, link_degraded";

    /// <summary>The energy columns (<see cref="MeterEnergyMigration"/>), selected after <see cref="Columns"/>.</summary>
    public const string MeterColumns = "meter_start_wh, meter_stop_wh, energy_kwh, meter_down_during_charge, ocpp_transaction_id";

    /// <param name="timestamp">Reads the timestamp in the given column of the current row.</param>
    public static SessionSummary Summary(DbDataReader reader, Func<int, DateTimeOffset> timestamp) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        Enum.Parse<SessionStatus>(reader.GetString(3), ignoreCase: true),
        timestamp(4),
        reader.IsDBNull(5) ? null : timestamp(5),
        reader.GetInt32(6),
        reader.IsDBNull(7) ? null : reader.GetInt32(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.GetInt32(9),
        LinkDegradedColumn.Read(reader.GetString(10)))
    {
        MeterStartWh = reader.IsDBNull(11) ? null : reader.GetDouble(11),
        MeterStopWh = reader.IsDBNull(12) ? null : reader.GetDouble(12),
        EnergyKwh = reader.IsDBNull(13) ? null : reader.GetDouble(13),
        MeterDownDuringCharge = reader.GetBoolean(14),
        OcppTransactionId = reader.IsDBNull(15) ? null : reader.GetInt32(15),
    };

    /// <summary>The stats from <c>session_counts</c>' (status, n) rows; a status without a row counts 0.</summary>
    public static SessionStats Stats(IReadOnlyDictionary<string, long> countByStatus)
    {
        long Of(SessionStatus s) => countByStatus.GetValueOrDefault(s.ToString().ToUpperInvariant());
        return new SessionStats(countByStatus.Values.Sum(), Of(SessionStatus.Active), Of(SessionStatus.Completed),
            Of(SessionStatus.Cancelled), Of(SessionStatus.Faulted));
    }
}
