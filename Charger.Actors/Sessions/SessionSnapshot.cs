namespace Charger.Actors.Sessions;

/// <summary>What a <see cref="SessionActor"/> snapshots: the open session (null when none is open) and the user of an accepted start that no session has taken yet.</summary>
public sealed record SessionSnapshot(ChargingSession? Open, string? PendingUserId = null);
