namespace Charger.Actors.Charging;

/// <summary>The firmware's charging state (STAT field STATE), named as in ESP32-FIRMWARE.md section 2.3.</summary>
public enum ChargerState
{
    /// <summary>0: counting passes after a hard fault cleared; becomes Idle after about 100 passes.</summary>
    HardfaultEnd = 0,

    /// <summary>1: nothing plugged in.</summary>
    Idle = 1,

    /// <summary>2: a cable is in the station socket, no EV on the pilot yet.</summary>
    CableDetect = 2,

    /// <summary>3: an EV is connected and waits for authorization. The only state where start is accepted.</summary>
    EvConnected = 3,

    /// <summary>4: authorized; the cable is locked and the relay closed, waiting for the EV to draw.</summary>
    Ready = 4,

    /// <summary>5: the EV is charging.</summary>
    Charging = 5,

    /// <summary>6: the EV paused (pilot back to B); the relay is open.</summary>
    Paused = 6,

    /// <summary>7: finishing after a stop; lasts until the cable is removed from the station.</summary>
    Stopped = 7,

    /// <summary>8: a hard fault (power board, or the EV leaving after authorization); relay open, cable unlocked.</summary>
    FaultHard = 8,
}
