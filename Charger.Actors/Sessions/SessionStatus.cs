namespace Charger.Actors.Sessions;

/// <summary>A session's status, with the predecessor's names (PREDECESSOR.md 4.2) so its clients keep working.</summary>
public enum SessionStatus
{
    /// <summary>Open: charging, paused, or waiting to be reconciled after a restart.</summary>
    Active,

    /// <summary>Ended by a stop: the firmware reached Stopped (7), or the vehicle left after charging (5/6 -> 1).</summary>
    Completed,

    /// <summary>Ended without a stop or a fault: the charger went back to Idle, CableDetect or EvConnected.</summary>
    Cancelled,

    /// <summary>A fault (state 8, or 0 while it clears) ended it.</summary>
    Faulted,
}
