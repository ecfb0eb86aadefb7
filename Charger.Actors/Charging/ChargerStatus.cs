using Charger.Actors.Protocol;

namespace Charger.Actors.Charging;

/// <summary>
/// A typed view of one STAT frame, with honest names: raw ADC counts stay counts (never volts), the
/// cable's rating is not a measured current, and relay and lock are derived with their real meaning
/// (see <see cref="Relay"/> and <see cref="CableLock"/>). Fields the frame lacked are null.
/// </summary>
public sealed record ChargerStatus
{
    /// <summary>The STATE byte as sent (command 4 can force any value, so it may be outside 0..8).</summary>
    public required int StateCode { get; init; }

    /// <summary>The state, or null for a code the firmware does not define.</summary>
    public ChargerState? State => StateCode is >= 0 and <= 8 ? (ChargerState)StateCode : null;

    public PilotState? Pilot { get; init; }

    /// <summary>CPV: the highest of 200 samples of the 12-bit pilot ADC (0..4095). A count, not volts.</summary>
    public int? PilotAdcCounts { get; init; }

    /// <summary>PP: a cable with a known rating is in the station socket.</summary>
    public bool? CablePresent { get; init; }

    /// <summary>PPV: proximity ADC sum / 96. Only refreshed in Idle, CableDetect, EvConnected and Stopped.</summary>
    public int? ProximityAdcCounts { get; init; }

    /// <summary>RL as sent: a software flag, not the relay (see <see cref="Relay"/>).</summary>
    public bool? RelayFlag { get; init; }

    /// <summary>LOCK as sent: "this state's lock or unlock pulse has run" (see <see cref="CableLock"/>).</summary>
    public bool? LockFlag { get; init; }

    /// <summary>MOTOR: the fault unlock of FaultHard has run.</summary>
    public bool? FaultUnlockDone { get; init; }

    /// <summary>PWM: the 8-bit duty on the pilot; 255 means steady high, i.e. charging not allowed.</summary>
    public int? PwmDuty { get; init; }

    /// <summary>MAX: the current limit set from our side (6..32 A); 32 after boot, kept across sessions.</summary>
    public int? MaxCurrentAmps { get; init; }

    /// <summary>CABLE: the cable's rating decoded from PP (0, 6, 13, 20, 32 or 63 A). Not the current flowing.</summary>
    public int? CableRatingAmps { get; init; }

    /// <summary>AUTH: an authorization sent by us is pending or active. RFID grants never show here.</summary>
    public bool? Authorized { get; init; }

    public PowerBoardState? PowerBoard { get; init; }

    /// <summary>When the frame arrived (stamped by the serial actor).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Fields the firmware sent that this version does not know, kept as text.</summary>
    public FrameFields Extra { get; init; } = FrameFields.Empty;

    public RelayState Relay => State switch
    {
        ChargerState.Ready or ChargerState.Charging => RelayFlag == true ? RelayState.Closed : RelayState.Unknown,
        ChargerState.Paused or ChargerState.Stopped or ChargerState.FaultHard or ChargerState.HardfaultEnd => RelayState.Open,
        _ => RelayState.Unknown, // Idle..EvConnected leave the relay as it was
    };

    public CableLockState CableLock => State switch
    {
        ChargerState.Ready => LockFlag == true ? CableLockState.Locked : CableLockState.Unlocked,
        ChargerState.Charging => LockFlag == true ? CableLockState.Locked : CableLockState.Unknown,
        ChargerState.Paused => CableLockState.Locked, // 5->6 clears the flag but sends no unlock pulse
        ChargerState.Stopped => LockFlag == true ? CableLockState.Unlocked : CableLockState.Locked,
        ChargerState.FaultHard => FaultUnlockDone == true ? CableLockState.Unlocked : CableLockState.Unknown,
        _ => CableLockState.Unknown,
    };

    public StatusFreshness FreshnessAt(DateTimeOffset now, TimeSpan staleAfter) =>
        now - ReceivedAt <= staleAfter ? StatusFreshness.Fresh : StatusFreshness.Stale;

    /// <summary>The status in <paramref name="frame"/>, or null when it carries no STATE (nothing to act on).</summary>
    public static ChargerStatus? FromFrame(StatFrame frame, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.State is not { } state) return null;
        return new ChargerStatus
        {
            StateCode = state,
            Pilot = frame.Cp is >= 0 and <= 3 ? (PilotState)frame.Cp : null,
            PilotAdcCounts = frame.Cpv,
            CablePresent = Flag(frame.Pp),
            ProximityAdcCounts = frame.Ppv,
            RelayFlag = Flag(frame.Rl),
            LockFlag = Flag(frame.Lock),
            FaultUnlockDone = Flag(frame.Motor),
            PwmDuty = frame.Pwm,
            MaxCurrentAmps = frame.Max,
            CableRatingAmps = frame.Cable,
            Authorized = Flag(frame.Auth),
            PowerBoard = frame.Pb is >= 0 and <= 2 ? (PowerBoardState)frame.Pb : null,
            ReceivedAt = receivedAt,
            Extra = frame.Extra,
        };
    }

    private static bool? Flag(int? value) => value switch
    {
        0 => false,
        1 => true,
        _ => null,
    };
}
