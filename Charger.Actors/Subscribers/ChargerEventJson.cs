using System.Text.Json;
using System.Text.Json.Serialization;
using Charger.Actors.Charging;

namespace Charger.Actors.Subscribers;

/// <summary>
/// The JSON that leaves the process for a <see cref="ChargerEvent"/> (webhooks, the live stream):
/// snake_case like the HTTP API (and the predecessor's JSON), event types in the predecessor's SCREAMING_SNAKE names (CHARGE_STARTED), states with
/// both code and name. It is a contract with integrators, so it is spelled out here rather than
/// derived from the records, which may change shape. Raw ADC counts keep their unit in the name.
/// </summary>
public static class ChargerEventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
    };

    public static byte[] SerializeToUtf8(ChargerEvent evt) => JsonSerializer.SerializeToUtf8Bytes(ToDocument(evt), Options);

    public static string Serialize(ChargerEvent evt) => JsonSerializer.Serialize(ToDocument(evt), Options);

    public static EventDocument ToDocument(ChargerEvent evt) => new(
        evt.ChargerId,
        evt.Sequence,
        evt.Type,
        evt.Timestamp,
        evt.FromState,
        NameOf(evt.FromState),
        evt.ToState,
        NameOf(evt.ToState),
        evt.Message,
        evt.Status is { } s ? StatusDocument.From(s) : null,
        evt.Link is { } l ? new LinkDocument(l.IsUp, l.Since, l.Reconnects, l.LastError) : null,
        evt.Alert is { } a ? AlertDocument.From(a) : null);

    public static string? NameOf(int? code) =>
        code is >= 0 and <= 8 ? JsonNamingPolicy.SnakeCaseUpper.ConvertName(((ChargerState)code).ToString()) : null;

    public sealed record EventDocument(
        string ChargerId,
        long Sequence,
        ChargerEventType Type,
        DateTimeOffset Timestamp,
        int? FromState,
        string? FromStateName,
        int? ToState,
        string? ToStateName,
        string? Message,
        StatusDocument? Status,
        LinkDocument? Link,
        AlertDocument? Alert = null);

    public sealed record StatusDocument(
        int State,
        string? StateName,
        PilotState? Pilot,
        bool? CablePresent,
        RelayState Relay,
        CableLockState CableLock,
        int? PwmDuty,
        int? MaxCurrentAmps,
        int? CableRatingAmps,
        bool? Authorized,
        PowerBoardState? PowerBoard,
        int? PilotAdcCounts,
        int? ProximityAdcCounts,
        DateTimeOffset ReceivedAt)
    {
        public static StatusDocument From(ChargerStatus s) => new(
            s.StateCode, NameOf(s.StateCode), s.Pilot, s.CablePresent, s.Relay, s.CableLock, s.PwmDuty, s.MaxCurrentAmps,
            s.CableRatingAmps, s.Authorized, s.PowerBoard, s.PilotAdcCounts, s.ProximityAdcCounts, s.ReceivedAt);
    }

    /// <summary>An alert as events, /api/alerts and MQTT carry it: the rule, its scope (charger id or "station"), severity in lower case.</summary>
    public sealed record AlertDocument(string Rule, string Scope, string? Subject, string Severity, string Message, DateTimeOffset FiredAt,
        DateTimeOffset? ResolvedAt, bool Active)
    {
        public static AlertDocument From(Alerts.Alert a) =>
            new(a.Rule, a.Scope, a.Subject, a.Severity.ToString().ToLowerInvariant(), a.Message, a.FiredAt, a.ResolvedAt, a.IsActive);
    }

    public sealed record LinkDocument(bool Up, DateTimeOffset Since, long Reconnects, string? LastError);
}
