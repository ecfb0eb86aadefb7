namespace Charger.Actors.Simulation;

/// <summary>
/// The firmware's authorization variable <c>onayStatus</c> (not the STAT field AUTH, which is <c>authEnabled</c>).
/// State 3 moves to 4 only when this is <see cref="Granted"/>.
/// </summary>
public enum AuthorizationStatus : byte
{
    /// <summary>0: set at boot, on every pass in state 8, and when state 7 ends because the cable was removed.</summary>
    Waiting = 0,

    /// <summary>1: set by AUTH value 1 (in any state but IDLE) or by a known RFID card.</summary>
    Granted = 1,

    /// <summary>2: set by AUTH with a value other than 1, or by the granting RFID card shown again while RL is 1.</summary>
    CancelRequested = 2,
}
