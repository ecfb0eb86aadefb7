namespace Charger.Actors.Simulation;

/// <summary>The colour last sent to the LED board (an <c>'L'</c> packet, three times, 80 ms apart).</summary>
public enum StationLed
{
    /// <summary>Nothing sent since the hardware model was created.</summary>
    Unknown,

    /// <summary><c>W</c>: IDLE.</summary>
    White,

    /// <summary>(0,150,150): CABLE_DETECT.</summary>
    Turquoise,

    /// <summary>(10,10,255): EV_CONNECTED.</summary>
    Blue,

    /// <summary><c>Y</c>: CHARGING.</summary>
    Green,

    /// <summary>(255,250,0): PAUSED.</summary>
    Yellow,

    /// <summary>(255,20,70): STOPPED / finishing.</summary>
    Lilac,

    /// <summary><c>T</c>: earth fault (FAULT_HARD with PB=2).</summary>
    EarthFault,

    /// <summary><c>C</c>: phase fault (FAULT_HARD with PB=1).</summary>
    PhaseFault,

    /// <summary><c>A</c>: cable fault (unreachable in this firmware).</summary>
    CableFault,
}
