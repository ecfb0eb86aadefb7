namespace Charger.Actors.Charging;

/// <summary>The control-pilot class the firmware derives from its ADC reading (STAT field CP).</summary>
public enum PilotState
{
    /// <summary>CP=0, IEC 61851 state A: no EV.</summary>
    NoVehicle = 0,

    /// <summary>CP=1, state B: an EV is connected but not drawing.</summary>
    VehicleConnected = 1,

    /// <summary>CP=2, state C: the EV asks to charge.</summary>
    ChargeRequested = 2,

    /// <summary>CP=3: "ventilation", which also covers D, E and F; the state machine ignores it.</summary>
    VentilationOrError = 3,
}
