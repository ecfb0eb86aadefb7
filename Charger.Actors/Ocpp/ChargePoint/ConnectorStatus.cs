using Charger.Actors.Charging;

namespace Charger.Actors.Ocpp.ChargePoint;

/// <summary>A StatusNotification's status and errorCode for one connector.</summary>
public sealed record ConnectorStatus(string Status, string ErrorCode = ConnectorStatus.NoError, string? Info = null)
{
    public const string NoError = "NoError";

    public static readonly ConnectorStatus Available = new("Available");
    public static readonly ConnectorStatus Unavailable = new("Unavailable");

    /// <summary>
    /// Connector 1 from the firmware's state (ESP32-FIRMWARE.md 2.3): Idle is Available; a cable or an EV waiting for
    /// authorization is Preparing; authorized with the relay closed but the EV not drawing (Ready) or paused by the EV is
    /// SuspendedEV; Charging; Stopped is Finishing until the cable is pulled out; a hard fault (and the passes that count
    /// it down) is Faulted, with the power board's reason. Inoperative (ChangeAvailability) is Unavailable, except while
    /// a transaction runs: that one ends first (the change is Scheduled). A lost serial link is Faulted (InternalError). Null
    /// while nothing is known (no status yet).
    /// </summary>
    public static ConnectorStatus? ForConnector(ChargerStatus? status, bool linkUp, bool operative)
    {
        if (status is null) return null; // not known yet (a daemon starting): nothing rather than a guess
        if (!linkUp) return new ConnectorStatus("Faulted", "InternalError", "no link to the charge controller");
        if (!operative && !InTransaction(status)) return Unavailable;
        return status.State switch
        {
            ChargerState.Idle => Available,
            ChargerState.CableDetect or ChargerState.EvConnected => new ConnectorStatus("Preparing"),
            ChargerState.Ready => status.PwmDuty == 255 ? new ConnectorStatus("SuspendedEVSE") : new ConnectorStatus("SuspendedEV"),
            ChargerState.Charging => new ConnectorStatus("Charging"),
            ChargerState.Paused => new ConnectorStatus("SuspendedEV"),
            ChargerState.Stopped => new ConnectorStatus("Finishing"),
            ChargerState.FaultHard or ChargerState.HardfaultEnd => Fault(status),
            _ => new ConnectorStatus("Faulted", "OtherError", $"undefined charge controller state {status.StateCode}"),
        };
    }

    /// <summary>
    /// The charger is in a charge (authorized with the relay's side of it going: Ready, Charging, Paused), whether or not
    /// its StartTransaction has been journaled yet.
    /// </summary>
    public static bool InTransaction(ChargerStatus? status) =>
        status?.State is ChargerState.Ready or ChargerState.Charging or ChargerState.Paused;

    /// <summary>Connector 0, the charge point itself: Available unless made inoperative.</summary>
    public static ConnectorStatus ForChargePoint(bool operative) => operative ? Available : Unavailable;

    private static ConnectorStatus Fault(ChargerStatus status) => status.PowerBoard switch
    {
        PowerBoardState.NoEarth => new ConnectorStatus("Faulted", "GroundFailure", "power board: no earth"),
        PowerBoardState.NoPhase => new ConnectorStatus("Faulted", "OtherError", "power board: a phase is missing"),
        _ => new ConnectorStatus("Faulted", "OtherError", status.State == ChargerState.HardfaultEnd ? "hard fault clearing" : "hard fault"),
    };
}
