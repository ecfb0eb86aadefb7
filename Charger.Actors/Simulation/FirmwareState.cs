namespace Charger.Actors.Simulation;

/// <summary>
/// The firmware's charging state (<c>sarjStatus</c>, STAT field <c>STATE</c>).
/// It is a byte: command 4 stores any value, and values above 8 leave the state machine in a state no case handles.
/// </summary>
public enum FirmwareState : byte
{
    /// <summary>0: after a fault cleared; returns to IDLE after more than 100 loop passes.</summary>
    HardfaultEnd = 0,

    /// <summary>1: nothing plugged in (or a forced IDLE).</summary>
    Idle = 1,

    /// <summary>2: a cable is in the station socket.</summary>
    CableDetect = 2,

    /// <summary>3: the EV is connected (CP state B), waiting for authorization.</summary>
    EvConnected = 3,

    /// <summary>4: authorized: lock pulse and relay on, waiting for the EV to ask for current.</summary>
    Ready = 4,

    /// <summary>5: charging.</summary>
    Charging = 5,

    /// <summary>6: the EV suspended charging (relay off).</summary>
    Paused = 6,

    /// <summary>7: finishing / stopped; lasts until the cable is removed from the station.</summary>
    Stopped = 7,

    /// <summary>8: hard fault (power-board fault, or the EV left state READY).</summary>
    FaultHard = 8,
}
