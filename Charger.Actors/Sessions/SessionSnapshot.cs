namespace Charger.Actors.Sessions;

/// <summary>
/// What a <see cref="SessionActor"/> snapshots: the open session (null when none is open), the user of an accepted
/// start that no session has taken yet, whether that start came while the session was still open (so it had ended), and
/// the closed session still waiting for its meter stop reading (added with the meter; absent in older snapshots).
/// </summary>
public sealed record SessionSnapshot(ChargingSession? Open, string? PendingUserId = null, bool StartAcceptedWhileOpen = false,
    AwaitingMeterStop? AwaitingMeterStop = null)
{
    /// <summary>The last closed sessions, for an OCPP transaction id that arrives after its session closed (absent in older snapshots).</summary>
    public IReadOnlyList<RecentSession>? Recent { get; init; }
}

/// <summary>A session that closed with a meter: its stop reading is the first one taken at or after <paramref name="ClosedAt"/>.</summary>
public sealed record AwaitingMeterStop(string SessionId, DateTimeOffset ClosedAt);
