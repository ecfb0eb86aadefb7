namespace Charger.Actors.Protocol;

/// <summary>
/// Command 3 (cable lock motor), kept apart from <see cref="Esp32Command"/> because the runtime has no
/// business sending it by default: the firmware locks in READY and unlocks in STOPPED and FAULT by itself,
/// pulses the motor for 500 ms with the whole loop blocked, and silently ignores a repeated lock or a
/// repeated unlock (two static toggles), so neither an ACK nor the state tells whether it moved.
/// Only a <see cref="CommandEncoder"/> created with <see cref="CommandEncoder.WithCableLock"/> encodes these.
/// </summary>
public static class CableLockCommands
{
    /// <summary><c>41 03 2C 01 10</c>: acknowledged as <c>CMD=LOCK</c>, unless the previous command 3 was also a lock.</summary>
    public static Esp32Command Lock => Esp32Command.LockCable;

    /// <summary><c>41 03 2C 00 10</c>: acknowledged as <c>CMD=UNLOCK</c>, unless the previous command 3 was also an unlock.</summary>
    public static Esp32Command Unlock => Esp32Command.UnlockCable;
}
