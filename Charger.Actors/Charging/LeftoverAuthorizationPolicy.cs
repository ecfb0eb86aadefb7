namespace Charger.Actors.Charging;

/// <summary>
/// The firmware keeps AUTH=1 when a cable or EV is unplugged before charging (ESP32-FIRMWARE.md 2.5,
/// 3.6), so the next plug-in charges without a new authorization.
/// </summary>
public enum LeftoverAuthorizationPolicy
{
    /// <summary>Raise <see cref="ChargerEventType.LeftoverAuthorization"/> and do nothing else.</summary>
    ReportOnly,

    /// <summary>
    /// Also send a stop while Idle with no cable: the firmware goes 1 -> 7 and, seeing no cable on its
    /// next pass, 7 -> 1 with the authorization reset. Never done with a cable inserted, which would hold
    /// the station in 7 until the cable is pulled. The documented mitigation, derived from the source.
    /// </summary>
    ClearWithStop,
}
