namespace Charger.Actors.Charging;

/// <summary>The power board's last report (STAT field PB); only an OK packet resets it.</summary>
public enum PowerBoardState
{
    Ok = 0,

    /// <summary>PB=1: a phase is missing.</summary>
    NoPhase = 1,

    /// <summary>PB=2: no earth.</summary>
    NoEarth = 2,
}
