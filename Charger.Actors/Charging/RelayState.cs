namespace Charger.Actors.Charging;

/// <summary>
/// What the relay is doing, as far as the firmware's flags let us know. RL is a software flag, not the
/// relay (it stays 1 in Paused although the relay is open, and commands clear it without touching the
/// relay), so the state decides and Unknown is said where the flags cannot tell.
/// </summary>
public enum RelayState
{
    Unknown,
    Open,
    Closed,
}
