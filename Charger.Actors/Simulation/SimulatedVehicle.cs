namespace Charger.Actors.Simulation;

/// <summary>
/// A charging cable and an EV that a test drives by hand: plug the cable into the station, connect the EV,
/// let it ask for current, pause, resume, disconnect, unplug. Each action sets the analog levels the firmware
/// samples (<see cref="AnalogLevels"/>); nothing happens on its own.
/// </summary>
/// <remarks>
/// The model keeps the physical order: the EV can only be connected through a cable, and pulling the cable
/// out of the station also disconnects the EV. <see cref="ChargePointHardware"/> accepts raw ADC values for
/// anything this class does not offer.
/// </remarks>
public sealed class SimulatedVehicle
{
    private readonly Lock _gate = new();
    private readonly ChargePointHardware _hardware;
    private int? _cableRating;
    private PilotState _pilot = PilotState.A;

    /// <summary>Creates a vehicle with no cable plugged in (sets the hardware's inputs to match).</summary>
    public SimulatedVehicle(ChargePointHardware hardware)
    {
        _hardware = hardware;
        Apply(null, PilotState.A, AnalogLevels.NoCableProximityAdc);
    }

    /// <summary>Rating of the cable in the station socket in A, or null when none is plugged in.</summary>
    public int? CableRating
    {
        get { lock (_gate) return _cableRating; }
    }

    /// <summary>The pilot state the EV presents.</summary>
    public PilotState Pilot
    {
        get { lock (_gate) return _pilot; }
    }

    /// <summary>True when the cable is in the station socket.</summary>
    public bool IsCablePlugged => CableRating is not null;

    /// <summary>True when the EV is connected (pilot B, C, D or E).</summary>
    public bool IsEvConnected => Pilot != PilotState.A;

    /// <summary>Plugs a cable of the given rating (6, 13, 20, 32 or 63 A) into the station socket; the EV end stays free.</summary>
    public void PlugCable(int ratingAmps = 32)
    {
        var adc = AnalogLevels.ProximityAdcForCable(ratingAmps);
        lock (_gate)
        {
            if (_cableRating is not null) throw new InvalidOperationException("a cable is already plugged in");
            Apply(ratingAmps, PilotState.A, adc);
        }
    }

    /// <summary>Connects the EV to the plugged cable: pilot state B.</summary>
    public void ConnectEv()
    {
        lock (_gate)
        {
            RequireCable();
            if (_pilot != PilotState.A) throw new InvalidOperationException("the EV is already connected");
            SetPilotLocked(PilotState.B);
        }
    }

    /// <summary>The EV asks for current: pilot state C.</summary>
    public void RequestCharge() => SetConnectedPilot(PilotState.C);

    /// <summary>The EV suspends charging (or is full) but stays connected: pilot state B.</summary>
    public void Pause() => SetConnectedPilot(PilotState.B);

    /// <summary>The EV asks for current again after a pause: pilot state C.</summary>
    public void Resume() => SetConnectedPilot(PilotState.C);

    /// <summary>The EV asks for current with ventilation: pilot state D (the firmware's CP=3, which it ignores).</summary>
    public void RequestChargeWithVentilation() => SetConnectedPilot(PilotState.D);

    /// <summary>The CP line is shorted: pilot state E (the firmware's CP=3).</summary>
    public void ShortControlPilot() => SetConnectedPilot(PilotState.E);

    /// <summary>Unplugs the cable at the EV end; the cable stays in the station socket: pilot state A.</summary>
    public void DisconnectEv()
    {
        lock (_gate)
        {
            RequireCable();
            SetPilotLocked(PilotState.A);
        }
    }

    /// <summary>Pulls the cable out of the station socket (disconnecting the EV too if it was connected).</summary>
    public void UnplugCable()
    {
        lock (_gate)
        {
            RequireCable();
            Apply(null, PilotState.A, AnalogLevels.NoCableProximityAdc);
        }
    }

    private void SetConnectedPilot(PilotState state)
    {
        lock (_gate)
        {
            RequireCable();
            if (_pilot == PilotState.A) throw new InvalidOperationException("the EV is not connected");
            SetPilotLocked(state);
        }
    }

    private void RequireCable()
    {
        if (_cableRating is null) throw new InvalidOperationException("no cable is plugged into the station");
    }

    private void SetPilotLocked(PilotState state)
    {
        _pilot = state;
        _hardware.ControlPilotAdc = AnalogLevels.ControlPilotAdc(state);
    }

    private void Apply(int? rating, PilotState pilot, int proximityAdc)
    {
        lock (_gate)
        {
            _cableRating = rating;
            _hardware.ProximityPilotAdc = proximityAdc;
            SetPilotLocked(pilot);
        }
    }
}
