using System.Text.Json;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Subscribers;

namespace Charger.Host.Http;

/// <summary>
/// A session as the API shows it: the predecessor's <c>to_dict</c> names (<c>session_id</c>, <c>start_time</c>,
/// <c>end_time</c>, <c>status</c>, <c>duration_seconds</c>, <c>event_count</c>, <c>user_id</c>), plus the
/// charger, state names, why it ended and the link outages during it. Its power and energy "metrics"
/// were arithmetic on a cable rating and an ADC count, so they are gone; <c>energy_kwh</c> is the meter's
/// import register at the stop minus at the start (<c>meter_start_wh</c>, <c>meter_stop_wh</c>), null without a
/// meter or until the stop reading is in; <c>meter_down_during_charge</c> marks a charge the meter did not watch throughout.
/// </summary>
public static class SessionJson
{
    public sealed record Session(
        string SessionId,
        string ChargerId,
        string? UserId,
        SessionStatus Status,
        DateTimeOffset StartTime,
        DateTimeOffset? EndTime,
        double DurationSeconds,
        int StartState,
        string? StartStateName,
        int? EndState,
        string? EndStateName,
        string? EndReason,
        int EventCount,
        double? EnergyKwh,
        IReadOnlyList<LinkPeriod> LinkDegraded,
        IReadOnlyList<Event>? Events,
        Metadata Metadata,
        double? MeterStartWh = null,
        double? MeterStopWh = null,
        bool MeterDownDuringCharge = false)
    {
        /// <summary>The central system's transactionId of the session's OCPP transaction; null without OCPP or until its StartTransaction.conf.</summary>
        public int? OcppTransactionId { get; init; }

        /// <summary>The session started while the system clock was not synchronised (no RTC, NTP not answered yet): its times may be wrong.</summary>
        public bool ClockUnsynchronised { get; init; }
    }

    /// <summary>The predecessor's free-form <c>metadata</c>; what it kept there that still means something.</summary>
    public sealed record Metadata(string? UserId);

    public sealed record LinkPeriod(DateTimeOffset From, DateTimeOffset? Until, string? Reason);

    public sealed record Event(int Position, string EventType, DateTimeOffset Timestamp, int? FromState, string? FromStateName,
        int? ToState, string? ToStateName, string? Message, EventData Data);

    /// <summary>The predecessor's <c>{event_type, timestamp, data}</c> event: the state change in <c>data</c> too, where its clients read it.</summary>
    public sealed record EventData(int? FromState, string? FromStateName, int? ToState, string? ToStateName);

    public static Session From(SessionSummary s, DateTimeOffset now, IReadOnlyList<SessionEventView>? events = null,
        Actors.Alerts.ClockSyncLog? clock = null) => new(
        s.SessionId, s.ChargerId, s.UserId, s.Status, s.StartedAt, s.EndedAt, Math.Round(s.DurationSeconds(now), 3),
        s.StartState, ChargerEventJson.NameOf(s.StartState), s.EndState, ChargerEventJson.NameOf(s.EndState), s.EndReason,
        s.EventCount, s.EnergyKwh, [.. s.LinkDegraded.Select(p => new LinkPeriod(p.From, p.Until, p.Reason))],
        events is null ? null : [.. events.Select(From)], new Metadata(s.UserId), s.MeterStartWh, s.MeterStopWh, s.MeterDownDuringCharge)
    {
        ClockUnsynchronised = clock?.WasUnsynchronisedAt(s.StartedAt) ?? false,
        OcppTransactionId = s.OcppTransactionId,
    };

    /// <summary>Event types in the predecessor's SCREAMING_SNAKE names, like the event stream (CHARGE_STARTED, LINK_DOWN).</summary>
    public static Event From(SessionEventView e) => new(e.Position, JsonNamingPolicy.SnakeCaseUpper.ConvertName(e.Type), e.At,
        e.FromState, ChargerEventJson.NameOf(e.FromState), e.ToState, ChargerEventJson.NameOf(e.ToState), e.Message,
        new EventData(e.FromState, ChargerEventJson.NameOf(e.FromState), e.ToState, ChargerEventJson.NameOf(e.ToState)));
}
