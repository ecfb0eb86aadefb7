namespace Charger.Actors.Simulation;

// The firmware's global variables, their reset values, and read-only views for tests.
public sealed partial class Esp32Firmware
{
    // USB serial
    private bool _usbStarted;

    // Control pilot, proximity pilot, PWM
    private int _cpStatus;
    private int _cpAdc;
    private int _ppStatus;
    private int _ppAdc;
    private int _cableCurrent;
    private int _pwm;
    private int _oldPwm;
    private int _maxCurrent;

    // Authorization
    private AuthorizationStatus _authorization;
    private bool _authEnabled;
    private bool _stopRequested;

    // State machine
    private byte _state;
    private bool _relayFlag;
    private bool _lockFlag;
    private bool _motorFlag;
    private bool _waitFlag;
    private bool _cardFlag;
    private int _hardFaultPasses;

    // Power board link and fault filter
    private PowerBoardStatus _powerBoard;
    private int _phaseFaults;
    private int _groundFaults;
    private long _lastFaultMillis;
    private long _lastRelaySwitchMillis;
    private readonly byte[] _powerPacket = new byte[7];
    private int _powerPacketLength;
    private long _powerPacketStartMillis;

    // RFID
    private readonly uint[] _cardIds = new uint[10];
    private readonly byte[] _cardValid = new byte[10];
    private int _passesWithoutCard;
    private uint _chargingCard;

    // LED board: the last command sent
    private readonly byte[] _ledSent = new byte[4];

    // Command 3's two static toggles
    private bool _lockCommandDone;
    private bool _unlockCommandDone;

    // Periodic STAT
    private long _lastStatMillis;

    // Not firmware RAM: the state the last loop pass ended in, for StateChanged (it survives a reset on purpose).
    private byte _stateAtLastPass;

    /// <summary>
    /// The state one loop pass ended in differs from the previous pass's (from, to). Every state a pass ends in
    /// is seen, which is finer than any STAT sampling: the simulator's record of what really happened.
    /// </summary>
    public event Action<FirmwareState, FirmwareState>? StateChanged;

    /// <summary>STATE (<c>sarjStatus</c>); may hold any byte after command 4.</summary>
    public FirmwareState State => (FirmwareState)_state;

    /// <summary>The authorization variable <c>onayStatus</c>.</summary>
    public AuthorizationStatus Authorization => _authorization;

    /// <summary>AUTH (<c>authEnabled</c>).</summary>
    public bool AuthEnabled => _authEnabled;

    /// <summary>STOP (<c>stopRequested</c>): nothing sets it.</summary>
    public bool StopRequested => _stopRequested;

    /// <summary>RL (<c>RelayFlag</c>), a software flag; the real relay is <see cref="ChargePointHardware.RelayClosed"/>.</summary>
    public bool RelayFlag => _relayFlag;

    /// <summary>LOCK (<c>LOCKFLAG</c>): "lock (or, in state 7, unlock) pulse done".</summary>
    public bool LockFlag => _lockFlag;

    /// <summary>MOTOR (<c>MOTORFLAG</c>): the fault unlock has run in state 8.</summary>
    public bool MotorFlag => _motorFlag;

    /// <summary>PWM (<c>PWMVAL</c>).</summary>
    public int Pwm => _pwm;

    /// <summary>MAX (<c>maxCurrent</c>).</summary>
    public int MaxCurrent => _maxCurrent;

    /// <summary>CABLE (<c>cableCurrent</c>): the cable rating decoded from PP.</summary>
    public int CableCurrent => _cableCurrent;

    /// <summary>CP (<c>cpStatus</c>), 0..3.</summary>
    public int ControlPilot => _cpStatus;

    /// <summary>CPV (<c>cpReelVal</c>).</summary>
    public int ControlPilotAdc => _cpAdc;

    /// <summary>PP (<c>ppStatus</c>).</summary>
    public int ProximityPilot => _ppStatus;

    /// <summary>PPV (<c>ppReadVal</c>).</summary>
    public int ProximityAdc => _ppAdc;

    /// <summary>PB (<c>powerBoardStat</c>).</summary>
    public PowerBoardStatus PowerBoard => _powerBoard;

    /// <summary>The card flag (<c>kart_flag</c>): set in state 2, an RFID grant needs it.</summary>
    public bool CardFlag => _cardFlag;

    /// <summary>Counted phase-fault packets (1..9 between confirmations).</summary>
    public int PhaseFaultCount => _phaseFaults;

    /// <summary>Counted ground (earth) fault packets.</summary>
    public int GroundFaultCount => _groundFaults;

    /// <summary>Passes counted in state 0 (<c>hardFaultSay</c>).</summary>
    public int HardFaultPasses => _hardFaultPasses;

    /// <summary>Passes without a card read (<c>okuflag</c>, capped at 200).</summary>
    public int PassesWithoutCard => _passesWithoutCard;

    /// <summary><c>millis()</c> of the last periodic STAT.</summary>
    public long LastStatMillis => _lastStatMillis;

    /// <summary><c>millis()</c> of the last relay write (start of the 2 s fault mask).</summary>
    public long LastRelaySwitchMillis => _lastRelaySwitchMillis;

    /// <summary>All STAT fields as they are now.</summary>
    public FirmwareStatus Status => new(
        _cpStatus,
        _cpAdc,
        _ppStatus,
        _ppAdc,
        _relayFlag ? 1 : 0,
        _lockFlag ? 1 : 0,
        _motorFlag ? 1 : 0,
        _pwm,
        _maxCurrent,
        _cableCurrent,
        _authEnabled ? 1 : 0,
        _state,
        (int)_powerBoard,
        _stopRequested ? 1 : 0);

    /// <summary>C globals start at zero on every reset; <c>setup()</c> then sets the ones it sets.</summary>
    private void ClearRam()
    {
        _usbStarted = false;
        _cpStatus = 0;
        _cpAdc = 0;
        _ppStatus = 0;
        _ppAdc = 0;
        _cableCurrent = 0;
        _pwm = 0;
        _oldPwm = 0;
        _maxCurrent = 0;
        _authorization = AuthorizationStatus.Waiting;
        _authEnabled = false;
        _stopRequested = false;
        _state = 0;
        _relayFlag = false;
        _lockFlag = false;
        _motorFlag = false;
        _waitFlag = false;
        _cardFlag = false;
        _hardFaultPasses = 0;
        _powerBoard = PowerBoardStatus.Ok;
        _phaseFaults = 0;
        _groundFaults = 0;
        _lastFaultMillis = 0;
        _lastRelaySwitchMillis = 0;
        Array.Clear(_powerPacket);
        _powerPacketLength = 0;
        _powerPacketStartMillis = 0;
        Array.Clear(_cardIds);
        Array.Clear(_cardValid);
        _passesWithoutCard = 0;
        _chargingCard = 0;
        Array.Clear(_ledSent);
        _lockCommandDone = false;
        _unlockCommandDone = false;
        _lastStatMillis = 0;
    }
}
