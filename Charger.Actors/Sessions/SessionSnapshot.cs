namespace Charger.Actors.Sessions;

/// <summary>
/// What a <see cref="SessionActor"/> snapshots: the open session (null when none is open), the user of an accepted
/// start that no session has taken yet, and whether that start came while the session was still open (so it had ended).
/// </summary>
public sealed record SessionSnapshot(ChargingSession? Open, string? PendingUserId = null, bool StartAcceptedWhileOpen = false);
