namespace Charger.Actors.Simulation;

/// <summary>
/// The physical world around the ESP32: the analog inputs it samples (control pilot, proximity pilot),
/// the RFID reader's field, the power board, and the outputs it drives (relay, cable-lock motor, CP PWM,
/// LED board, buzzer). The vehicle model sets the inputs; the firmware model reads them and sets the outputs,
/// so a test can see the real relay even where the firmware's RL flag says something else.
/// </summary>
/// <remarks>Thread-safe: every member takes a private lock, like physics, inputs change whenever they change.</remarks>
public sealed class ChargePointHardware
{
    private readonly Lock _gate = new();
    private int _controlPilotAdc = AnalogLevels.ControlPilotAdc(PilotState.A);
    private int _proximityAdc = AnalogLevels.NoCableProximityAdc;
    private uint? _rfidCard;
    private bool _relayClosed;
    private CableLockState _cableLock = CableLockState.Unknown;
    private bool _lockMotorOn;
    private bool _unlockMotorOn;
    private bool _buzzerOn;
    private int _lockPulses;
    private int _unlockPulses;
    private int _beeps;
    private int _relaySwitches;
    private int _controlPilotDuty = 255;
    private int _controlPilotDutyWrites;
    private StationLed _led = StationLed.Unknown;
    private TimeSpan _elapsed;

    /// <summary>Creates the hardware with nothing plugged in, no card, and a power board reporting OK.</summary>
    public ChargePointHardware(SimulatedPowerBoard? powerBoard = null) => PowerBoard = powerBoard ?? new SimulatedPowerBoard();

    /// <summary>The power board on the 9600 baud software-serial line.</summary>
    public SimulatedPowerBoard PowerBoard { get; }

    /// <summary>Time that has passed in this world (advanced by the firmware model as it runs; not reset by an ESP32 reboot).</summary>
    public TimeSpan Elapsed
    {
        get { lock (_gate) return _elapsed; }
    }

    /// <summary>The CP reading: the highest of the firmware's 200 samples, 0..4095.</summary>
    public int ControlPilotAdc
    {
        get { lock (_gate) return _controlPilotAdc; }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, AnalogLevels.ControlPilotMax);
            lock (_gate) _controlPilotAdc = value;
        }
    }

    /// <summary>The PP reading: the sum of the firmware's 100 samples divided by 96, 0..4265.</summary>
    public int ProximityPilotAdc
    {
        get { lock (_gate) return _proximityAdc; }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, AnalogLevels.ProximityMax);
            lock (_gate) _proximityAdc = value;
        }
    }

    /// <summary>UID (first 4 bytes, big-endian) of the MIFARE card held on the reader, or null.</summary>
    public uint? RfidCard
    {
        get { lock (_gate) return _rfidCard; }
    }

    /// <summary>Holds a MIFARE Classic card on the reader until <see cref="RemoveCard"/>.</summary>
    public void PresentCard(uint uid)
    {
        lock (_gate) _rfidCard = uid;
    }

    /// <summary>Takes the card away from the reader.</summary>
    public void RemoveCard()
    {
        lock (_gate) _rfidCard = null;
    }

    /// <summary>The real contactor relay (latch output 0), whatever the firmware's RL flag says.</summary>
    public bool RelayClosed
    {
        get { lock (_gate) return _relayClosed; }
    }

    /// <summary>Times the relay output was written (on or off), including writes that did not change it.</summary>
    public int RelayWrites
    {
        get { lock (_gate) return _relaySwitches; }
    }

    /// <summary>Where the cable lock was last driven.</summary>
    public CableLockState CableLock
    {
        get { lock (_gate) return _cableLock; }
    }

    /// <summary>Lock pulses since creation.</summary>
    public int LockPulses
    {
        get { lock (_gate) return _lockPulses; }
    }

    /// <summary>Unlock pulses since creation.</summary>
    public int UnlockPulses
    {
        get { lock (_gate) return _unlockPulses; }
    }

    /// <summary>Buzzer activations since creation.</summary>
    public int Beeps
    {
        get { lock (_gate) return _beeps; }
    }

    /// <summary>The duty last written to the CP output (<c>analogWrite</c>, 0..255); 255 is steady high, no PWM.</summary>
    public int ControlPilotDuty
    {
        get { lock (_gate) return _controlPilotDuty; }
    }

    /// <summary>Writes to the CP output since creation (the firmware writes only changes, except in states 7 and 8).</summary>
    public int ControlPilotDutyWrites
    {
        get { lock (_gate) return _controlPilotDutyWrites; }
    }

    /// <summary>The colour last sent to the LED board.</summary>
    public StationLed Led
    {
        get { lock (_gate) return _led; }
    }

    internal void Elapse(TimeSpan elapsed)
    {
        lock (_gate) _elapsed += elapsed;
        PowerBoard.Elapse(elapsed);
    }

    internal void SetLatch(LatchOutput output, bool on)
    {
        lock (_gate)
        {
            switch (output)
            {
                case LatchOutput.Relay:
                    _relayClosed = on;
                    _relaySwitches++;
                    break;
                case LatchOutput.UnlockMotor:
                    if (on && !_unlockMotorOn)
                    {
                        _unlockPulses++;
                        _cableLock = CableLockState.Unlocked;
                    }
                    _unlockMotorOn = on;
                    break;
                case LatchOutput.LockMotor:
                    if (on && !_lockMotorOn)
                    {
                        _lockPulses++;
                        _cableLock = CableLockState.Locked;
                    }
                    _lockMotorOn = on;
                    break;
                case LatchOutput.Buzzer:
                    if (on && !_buzzerOn) _beeps++;
                    _buzzerOn = on;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(output), output, "unknown latch output");
            }
        }
    }

    internal void WriteControlPilotDuty(int duty)
    {
        lock (_gate)
        {
            _controlPilotDuty = duty;
            _controlPilotDutyWrites++;
        }
    }

    internal void ShowLed(StationLed led)
    {
        lock (_gate) _led = led;
    }
}
