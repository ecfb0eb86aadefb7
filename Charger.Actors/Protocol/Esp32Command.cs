using System.Globalization;

namespace Charger.Actors.Protocol;

/// <summary>
/// One command the runtime may send to the ESP32. The only instances are the ones this type and
/// <see cref="CableLockCommands"/> hand out, so a command with a dangerous value (AUTH 0, a forced state
/// other than 7, a current outside 6..32, an unknown id) cannot be built. Turn it into bytes with
/// <see cref="CommandEncoder"/>.
/// </summary>
public sealed class Esp32Command : IEquatable<Esp32Command>
{
    /// <summary>Every command frame is exactly this long; the firmware never sees anything shorter or longer from us.</summary>
    public const int FrameLength = 5;

    public const byte Header = 0x41;
    public const byte Separator = 0x2C;

    /// <summary>Sent for compatibility with the predecessor; the firmware reads it and never checks it.</summary>
    public const byte Trailer = 0x10;

    public const int MinCurrentAmps = 6;
    public const int MaxCurrentAmps = 32;

    /// <summary>The value of the forced-state command that means "finish/stop" (firmware state 7).</summary>
    private const byte StoppedState = 7;

    // One instance per amp value: SetMaxCurrent never allocates, and reference equality matches value equality.
    private static readonly Esp32Command[] s_maxCurrent = BuildMaxCurrentTable();

    private readonly byte[] _frame;

    private Esp32Command(Esp32CommandId id, byte value, string name, string? ackCommand)
    {
        Id = id;
        Value = value;
        Name = name;
        AckCommand = ackCommand;
        _frame = [Header, (byte)id, Separator, value, Trailer];
    }

    /// <summary><c>41 00 2C 00 10</c>: the firmware answers with a STAT frame, then <c>&lt;ACK;CMD=READSTAT;STATUS=OK;&gt;</c>.</summary>
    public static Esp32Command ReadStatus { get; } = new(Esp32CommandId.ReadStatus, 0, "ReadStatus", "READSTAT");

    /// <summary><c>41 01 2C 01 10</c>: start charging. The firmware stays silent in IDLE (state 1).</summary>
    public static Esp32Command Authorize { get; } = new(Esp32CommandId.Authorize, 1, "Authorize", "AUTH");

    /// <summary><c>41 04 2C 07 10</c>: forces state 7 (finish/stop) from any state. Never acknowledged.</summary>
    public static Esp32Command Stop { get; } = new(Esp32CommandId.ForceState, StoppedState, "Stop", null);

    /// <summary>
    /// <c>41 02 2C nn 10</c>. Beware the firmware forces STATE to 1 on every set-max-current, whatever the state;
    /// the rules about when to send it belong to the caller.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amps"/> is outside 6..32.</exception>
    public static Esp32Command SetMaxCurrent(int amps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amps, MinCurrentAmps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amps, MaxCurrentAmps);
        return s_maxCurrent[amps - MinCurrentAmps];
    }

    internal static Esp32Command LockCable { get; } = new(Esp32CommandId.CableLock, 1, "LockCable", "LOCK");

    internal static Esp32Command UnlockCable { get; } = new(Esp32CommandId.CableLock, 0, "UnlockCable", "UNLOCK");

    public Esp32CommandId Id { get; }

    /// <summary>Byte 3 of the frame, sent as a binary byte (16 A is 0x10, not ASCII).</summary>
    public byte Value { get; }

    public string Name { get; }

    /// <summary>
    /// The <c>CMD=</c> name the firmware acknowledges this command with, or null when it never does (stop).
    /// Even with a name the ACK may not come (AUTH in IDLE, a repeated lock or unlock).
    /// </summary>
    public string? AckCommand { get; }

    /// <summary>True only for lock and unlock, which need a <see cref="CommandEncoder"/> built with the opt-in.</summary>
    public bool IsCableLock => Id == Esp32CommandId.CableLock;

    internal ReadOnlySpan<byte> Frame => _frame;

    internal ReadOnlyMemory<byte> FrameMemory => _frame;

    public bool Equals(Esp32Command? other) => other is not null && other.Id == Id && other.Value == Value;

    public override bool Equals(object? obj) => Equals(obj as Esp32Command);

    public override int GetHashCode() => ((int)Id << 8) | Value;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name} [{_frame[0]:X2} {_frame[1]:X2} {_frame[2]:X2} {_frame[3]:X2} {_frame[4]:X2}]");

    private static Esp32Command[] BuildMaxCurrentTable()
    {
        var table = new Esp32Command[MaxCurrentAmps - MinCurrentAmps + 1];
        for (var amps = MinCurrentAmps; amps <= MaxCurrentAmps; amps++)
        {
            table[amps - MinCurrentAmps] = new Esp32Command(
                Esp32CommandId.SetMaxCurrent,
                (byte)amps,
                string.Create(CultureInfo.InvariantCulture, $"SetMaxCurrent({amps} A)"),
                "SETMAXAMP");
        }

        return table;
    }
}
