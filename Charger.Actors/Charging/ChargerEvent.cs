using Charger.Actors.Serial;

namespace Charger.Actors.Charging;

/// <summary>
/// Something that happened at one charger, as subscribers, sessions and the live stream see it.
/// <see cref="Sequence"/> grows by one per event of this charger, across restarts of the tracker.
/// </summary>
/// <param name="ChargerId">Which charger.</param>
/// <param name="Sequence">Monotonic per charger: a consumer can detect a gap or a repeat.</param>
/// <param name="Type">What happened.</param>
/// <param name="Timestamp">When the tracker saw it (the status's arrival for state events).</param>
/// <param name="FromState">The state code before, for state events.</param>
/// <param name="ToState">The state code after, for state events.</param>
/// <param name="Status">The status that caused the event, when there is one.</param>
/// <param name="Message">The firmware's text for INFO/WARN/ERR events, or a reason.</param>
/// <param name="Link">The link state for link events.</param>
/// <param name="UserId">For <see cref="ChargerEventType.ChargeAuthorized"/>: the user the start request named. Kept
/// inside the process (sessions); the event JSON for webhooks and the stream leaves it out.</param>
/// <param name="Alert">For <see cref="ChargerEventType.AlertFired"/> and <see cref="ChargerEventType.AlertResolved"/>: the alert.</param>
public sealed record ChargerEvent(
    string ChargerId,
    long Sequence,
    ChargerEventType Type,
    DateTimeOffset Timestamp,
    int? FromState = null,
    int? ToState = null,
    ChargerStatus? Status = null,
    string? Message = null,
    LinkState? Link = null,
    string? UserId = null,
    Alerts.Alert? Alert = null);
