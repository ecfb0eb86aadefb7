using Charger.Actors.Charging;

namespace Charger.Actors.Sessions;

/// <summary>
/// What the session actor journals: the facts of one charger's sessions, in order. Replaying them
/// through <see cref="ChargingSession.Apply"/> rebuilds every session exactly. Each record names its
/// session, so a journal holds many sessions one after another.
/// </summary>
public interface ISessionEvent
{
    string SessionId { get; }

    DateTimeOffset At { get; }
}

/// <summary>A charge started (CHARGE_STARTED, including the sampled 3->5 and 1->5).</summary>
/// <param name="UserId">From the start request that authorized it, if there was one.</param>
public sealed record SessionOpened(string SessionId, string ChargerId, string? UserId, DateTimeOffset At, int StartState) : ISessionEvent;

/// <summary>A charger event that happened while the session was open, as the session's history keeps it.</summary>
/// <param name="ChargerSequence">The event's <see cref="ChargerEvent.Sequence"/>: a repeat is recognised and ignored.</param>
public sealed record SessionEventRecorded(
    string SessionId,
    ChargerEventType Type,
    DateTimeOffset At,
    long ChargerSequence,
    int? FromState = null,
    int? ToState = null,
    string? Message = null) : ISessionEvent;

/// <summary>The link to the ESP32 went down: the session goes on (the firmware keeps charging) but nobody watches it.</summary>
public sealed record SessionLinkDegraded(string SessionId, DateTimeOffset At, string? Reason) : ISessionEvent;

/// <summary>The link came back; the next fresh status reconciles the session.</summary>
public sealed record SessionLinkRestored(string SessionId, DateTimeOffset At) : ISessionEvent;

/// <summary>The session ended.</summary>
/// <param name="EndState">The charger's state code when it ended.</param>
/// <param name="Reason">Why, in words an operator reads in the history.</param>
public sealed record SessionClosed(string SessionId, SessionStatus Status, DateTimeOffset At, int? EndState, string Reason) : ISessionEvent;
