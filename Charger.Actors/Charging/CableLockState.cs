namespace Charger.Actors.Charging;

/// <summary>
/// Whether the cable is locked, derived from the state and the LOCK/MOTOR flags: LOCK means "the
/// pulse of this state has run", which is the lock pulse in Ready but the unlock pulse in Stopped.
/// </summary>
public enum CableLockState
{
    Unknown,
    Unlocked,
    Locked,
}
