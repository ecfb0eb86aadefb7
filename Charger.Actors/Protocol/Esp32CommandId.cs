namespace Charger.Actors.Protocol;

/// <summary>
/// The command byte (byte 1) of an RPi → ESP32 frame. Ids 5..255 only earn
/// <c>&lt;ACK;CMD=UNKNOWN;STATUS=ERR;&gt;</c>, so they have no member: nothing here can encode them.
/// </summary>
public enum Esp32CommandId : byte
{
    ReadStatus = 0,
    Authorize = 1,
    SetMaxCurrent = 2,
    CableLock = 3,
    /// <summary>The firmware's STATE_MACH command: it forces the state byte unchecked. Only "stop" (7) is exposed.</summary>
    ForceState = 4,
}
