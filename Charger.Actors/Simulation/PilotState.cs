namespace Charger.Actors.Simulation;

/// <summary>
/// IEC 61851 control-pilot state as the vehicle presents it (the positive level of the CP line).
/// <see cref="AnalogLevels.ControlPilotAdc"/> maps each to the ADC count the firmware reads.
/// </summary>
public enum PilotState
{
    /// <summary>+12 V: no EV connected (firmware CP=0).</summary>
    A,

    /// <summary>+9 V: EV connected, not asking for current (firmware CP=1).</summary>
    B,

    /// <summary>+6 V: EV asks for current (firmware CP=2).</summary>
    C,

    /// <summary>+3 V: EV asks for current with ventilation (firmware CP=3, to which the state machine never reacts).</summary>
    D,

    /// <summary>0 V: CP shorted to PE, an error (firmware CP=3).</summary>
    E,
}
