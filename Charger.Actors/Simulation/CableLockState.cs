namespace Charger.Actors.Simulation;

/// <summary>Where the socket's cable-lock actuator was last driven (the firmware never reads it back).</summary>
public enum CableLockState
{
    /// <summary>No lock or unlock pulse since the hardware model was created.</summary>
    Unknown,

    /// <summary>The last pulse was a lock pulse (latch output 2).</summary>
    Locked,

    /// <summary>The last pulse was an unlock pulse (latch output 1).</summary>
    Unlocked,
}
