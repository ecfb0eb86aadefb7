namespace Charger.Actors.Sessions;

/// <summary>What a <see cref="SessionActor"/> snapshots: its only state, the open session (null when none is open).</summary>
public sealed record SessionSnapshot(ChargingSession? Open);
