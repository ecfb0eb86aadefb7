namespace Charger.Actors.Charging;

/// <summary>
/// What happened at a charger. The transition names are the predecessor's (PREDECESSOR.md 4.1), so
/// existing consumers keep working; the link, freshness and firmware-message kinds are new.
/// </summary>
public enum ChargerEventType
{
    CableConnected,
    EvConnected,
    ChargeReady,
    ChargeStarted,
    ChargePaused,
    ChargeStopped,
    CableDisconnected,
    FaultDetected,
    FaultCleared,

    /// <summary>A change of state that none of the kinds above describes.</summary>
    StateChanged,

    LinkDown,
    LinkUp,

    /// <summary>No status for longer than <c>stale-after</c> although the link is up.</summary>
    StatusStale,

    /// <summary>An INFO, WARN or ERR line from the firmware: its only fault telemetry.</summary>
    FirmwareInfo,
    FirmwareWarning,
    FirmwareError,

    /// <summary>AUTH=1 while nothing is plugged in: the next plug-in would charge without a new authorization.</summary>
    LeftoverAuthorization,

    /// <summary>The firmware acknowledged a start request (AUTH set); the charge that follows is that request's.</summary>
    ChargeAuthorized,

    /// <summary>An alert rule fired (<see cref="ChargerEvent.Alert"/>); host-wide alerts come through the first charger.</summary>
    AlertFired,

    /// <summary>A fired alert's condition has been gone for its hysteresis.</summary>
    AlertResolved,
}
