namespace Charger.Actors.Simulation;

/// <summary>Outputs of the ESP32's 8-bit output latch that this model cares about (<c>dLatchDrive</c> addresses).</summary>
public enum LatchOutput
{
    /// <summary>0: the contactor relay.</summary>
    Relay = 0,

    /// <summary>1: cable-lock motor, unlock direction.</summary>
    UnlockMotor = 1,

    /// <summary>2: cable-lock motor, lock direction.</summary>
    LockMotor = 2,

    /// <summary>3: buzzer.</summary>
    Buzzer = 3,
}
