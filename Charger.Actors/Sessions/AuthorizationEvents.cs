namespace Charger.Actors.Sessions;

/// <summary>
/// What the session actor journals about a start request that no session has taken yet. The user of an
/// accepted start waits for the charge to begin (the EV may take minutes to ask for current); journaled,
/// it survives a restart in between, so the session that opens after it still knows who started it.
/// These belong to no session: the read side ignores them.
/// </summary>
public interface IAuthorizationEvent
{
    DateTimeOffset At { get; }
}

/// <summary>
/// A start for <paramref name="UserId"/> is about to be written to the ESP32 (journaled first: the write-ahead).
/// Until the firmware accepts it, the charger may or may not be authorized; if it is, or a charge begins, this is its user.
/// </summary>
public sealed record StartRequested(string? UserId, DateTimeOffset At) : IAuthorizationEvent;

/// <summary>The firmware accepted a start for <paramref name="UserId"/>; the next session to open takes it.</summary>
public sealed record StartAuthorized(string? UserId, DateTimeOffset At) : IAuthorizationEvent;

/// <summary>The waiting authorization no longer applies (the charger went back to Idle, or was found unauthorized after a restart).</summary>
public sealed record AuthorizationLapsed(DateTimeOffset At, string Reason) : IAuthorizationEvent;
