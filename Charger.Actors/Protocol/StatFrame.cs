namespace Charger.Actors.Protocol;

/// <summary>
/// <c>&lt;STAT;CP=..;CPV=..;PP=..;PPV=..;RL=..;LOCK=..;MOTOR=..;PWM=..;MAX=..;CABLE=..;AUTH=..;STATE=..;PB=..;STOP=..;&gt;</c>,
/// kept as the firmware sent it: each property is the raw integer of the wire field of the same name, or null
/// when the field was missing or not an integer. Nothing is interpreted here (CPV and PPV are ADC counts,
/// not volts; RL and LOCK are software flags); the charging layer builds the meaning on top.
/// </summary>
public sealed record StatFrame : Esp32Frame
{
    /// <summary>CP: control-pilot class 0..3.</summary>
    public int? Cp { get; init; }

    /// <summary>CPV: raw 12-bit ADC count of the control pilot.</summary>
    public int? Cpv { get; init; }

    /// <summary>PP: 1 when a cable with a known rating is present.</summary>
    public int? Pp { get; init; }

    /// <summary>PPV: averaged ADC count of the proximity pilot (stale outside states 1, 2, 3, 7).</summary>
    public int? Ppv { get; init; }

    /// <summary>RL: the firmware's relay flag, not the relay itself.</summary>
    public int? Rl { get; init; }

    /// <summary>LOCK: "lock or unlock pulse done" flag.</summary>
    public int? Lock { get; init; }

    /// <summary>MOTOR: fault-unlock done flag.</summary>
    public int? Motor { get; init; }

    /// <summary>PWM: 8-bit duty byte on the CP output; 255 = steady high.</summary>
    public int? Pwm { get; init; }

    /// <summary>MAX: current limit in amps set from the RPi.</summary>
    public int? Max { get; init; }

    /// <summary>CABLE: cable rating in amps decoded from PPV, not a measured current.</summary>
    public int? Cable { get; init; }

    /// <summary>AUTH: the firmware's authorization flag (set only by the AUTH command).</summary>
    public int? Auth { get; init; }

    /// <summary>STATE: the firmware's state byte, normally 0..8.</summary>
    public int? State { get; init; }

    /// <summary>PB: power-board status, 0 OK, 1 phase fault, 2 earth fault.</summary>
    public int? Pb { get; init; }

    /// <summary>STOP: always 0 with this firmware.</summary>
    public int? Stop { get; init; }

    /// <summary>
    /// Fields with no property above (for example <c>ID</c>), and known fields whose value was not an integer,
    /// with their text as sent.
    /// </summary>
    public FrameFields Extra { get; init; } = FrameFields.Empty;
}
