namespace Charger.Actors.Sessions;

/// <summary>
/// The meter's import register when the session's energy count began: the latest fresh reading when the charge
/// started, or the first one after it when the meter had none (then <see cref="SessionMeterDown"/> marks the session).
/// </summary>
/// <param name="RegisterWh">The register, Wh; absolute, so a restart of ours changes nothing.</param>
/// <param name="ReadAt">When the meter answered with it.</param>
public sealed record SessionMeterStarted(string SessionId, DateTimeOffset At, double RegisterWh, DateTimeOffset ReadAt) : ISessionEvent;

/// <summary>
/// The register when the count ended: the first reading taken after the session closed (the relay is open by then, so
/// nothing of the charge is lost between the last poll and the stop). Journaled after <see cref="SessionClosed"/>, when
/// that reading comes, also minutes later if the meter was down at the stop.
/// </summary>
public sealed record SessionMeterStopped(string SessionId, DateTimeOffset At, double RegisterWh, DateTimeOffset ReadAt) : ISessionEvent;

/// <summary>The meter was down or had no fresh reading during the charge: the energy is what the register says, but nobody watched it all along.</summary>
public sealed record SessionMeterDown(string SessionId, DateTimeOffset At, string? Reason) : ISessionEvent;
