namespace Charger.Actors.Protocol;

/// <summary>
/// Turns the body of one <c>&lt;...&gt;</c> frame (the bytes between the brackets) into a typed frame.
/// The kind is the text before the first <c>;</c> (case-sensitive, trimmed); the rest follows the
/// predecessor's field rules (ESP32-FIRMWARE.md 1.10). It never throws: anything odd is kept or counted.
/// </summary>
internal static class FrameParser
{
    // STAT fields in the order the firmware prints them; the index is the bit in the "present" mask.
    private const int Cp = 0, Cpv = 1, Pp = 2, Ppv = 3, Rl = 4, Lock = 5, Motor = 6, Pwm = 7,
        Max = 8, Cable = 9, Auth = 10, State = 11, Pb = 12, Stop = 13, StatFieldCount = 14;

    private static readonly byte[][] s_statKeys =
    [
        "CP"u8.ToArray(), "CPV"u8.ToArray(), "PP"u8.ToArray(), "PPV"u8.ToArray(), "RL"u8.ToArray(),
        "LOCK"u8.ToArray(), "MOTOR"u8.ToArray(), "PWM"u8.ToArray(), "MAX"u8.ToArray(), "CABLE"u8.ToArray(),
        "AUTH"u8.ToArray(), "STATE"u8.ToArray(), "PB"u8.ToArray(), "STOP"u8.ToArray(),
    ];

    /// <param name="body">The frame without its brackets.</param>
    /// <param name="malformed">True when a piece could not be read as the wire promises (see <see cref="FrameDecoderCounters.ParseErrors"/>).</param>
    public static Esp32Frame Parse(ReadOnlySpan<byte> body, out bool malformed)
    {
        var semicolon = body.IndexOf((byte)';');
        var kind = WireText.Trim(semicolon < 0 ? body : body[..semicolon]);
        var fields = semicolon < 0 ? default : body[(semicolon + 1)..];

        if (kind.SequenceEqual("STAT"u8))
        {
            return ParseStat(fields, out malformed);
        }

        if (kind.SequenceEqual("ACK"u8))
        {
            return ParseAck(fields, out malformed);
        }

        if (kind.SequenceEqual("INFO"u8))
        {
            return ParseInfo(fields, out malformed);
        }

        if (kind.SequenceEqual("WARN"u8))
        {
            return ParseWarn(fields, out malformed);
        }

        if (kind.SequenceEqual("ERR"u8))
        {
            return ParseErr(fields, out malformed);
        }

        malformed = false;
        return new UnknownFrame("<" + WireText.ToText(body) + ">");
    }

    private static StatFrame ParseStat(ReadOnlySpan<byte> fields, out bool malformed)
    {
        malformed = false;
        Span<int> values = stackalloc int[StatFieldCount];
        var present = 0;
        var extra = new ExtraFieldsBuilder();
        var expected = 0;

        var reader = new FieldReader(fields);
        while (reader.MoveNext())
        {
            if (!IsKeyed(ref reader, ref malformed))
            {
                continue;
            }

            var index = StatFieldIndex(reader.Key, expected);
            if (index < 0)
            {
                extra.Set(reader.Key, reader.Value);
                continue;
            }

            expected = index + 1;
            if (WireText.TryParseInt32(reader.Value, out var value))
            {
                values[index] = value;
                present |= 1 << index;
                extra.Remove(reader.Key);
            }
            else
            {
                // Last one wins, so a bad value erases an earlier good one; its text survives in Extra.
                present &= ~(1 << index);
                extra.Set(reader.Key, reader.Value);
                malformed = true;
            }
        }

        return new StatFrame
        {
            Cp = Get(values, present, Cp),
            Cpv = Get(values, present, Cpv),
            Pp = Get(values, present, Pp),
            Ppv = Get(values, present, Ppv),
            Rl = Get(values, present, Rl),
            Lock = Get(values, present, Lock),
            Motor = Get(values, present, Motor),
            Pwm = Get(values, present, Pwm),
            Max = Get(values, present, Max),
            Cable = Get(values, present, Cable),
            Auth = Get(values, present, Auth),
            State = Get(values, present, State),
            Pb = Get(values, present, Pb),
            Stop = Get(values, present, Stop),
            Extra = extra.Build(),
        };
    }

    private static AckFrame ParseAck(ReadOnlySpan<byte> fields, out bool malformed)
    {
        malformed = false;
        string? command = null, status = null;
        var extra = new ExtraFieldsBuilder();

        var reader = new FieldReader(fields);
        while (reader.MoveNext())
        {
            if (!IsKeyed(ref reader, ref malformed))
            {
                continue;
            }

            if (reader.Key.SequenceEqual("CMD"u8))
            {
                command = WireText.ToText(reader.Value);
            }
            else if (reader.Key.SequenceEqual("STATUS"u8))
            {
                status = WireText.ToText(reader.Value);
            }
            else
            {
                extra.Set(reader.Key, reader.Value);
            }
        }

        return new AckFrame(command, status) { Extra = extra.Build() };
    }

    private static InfoFrame ParseInfo(ReadOnlySpan<byte> fields, out bool malformed)
    {
        malformed = false;
        string? message = null;
        int? number = null;
        var extra = new ExtraFieldsBuilder();

        var reader = new FieldReader(fields);
        while (reader.MoveNext())
        {
            if (!IsKeyed(ref reader, ref malformed))
            {
                continue;
            }

            if (reader.Key.SequenceEqual("MSG"u8))
            {
                message = WireText.ToText(reader.Value);
            }
            else if (reader.Key.SequenceEqual("VAL"u8))
            {
                if (WireText.TryParseInt32(reader.Value, out var value))
                {
                    number = value;
                    extra.Remove(reader.Key);
                }
                else
                {
                    number = null;
                    extra.Set(reader.Key, reader.Value);
                    malformed = true;
                }
            }
            else
            {
                extra.Set(reader.Key, reader.Value);
            }
        }

        return new InfoFrame(message, number) { Extra = extra.Build() };
    }

    private static WarnFrame ParseWarn(ReadOnlySpan<byte> fields, out bool malformed)
    {
        malformed = false;
        string? message = null;
        var extra = new ExtraFieldsBuilder();

        var reader = new FieldReader(fields);
        while (reader.MoveNext())
        {
            if (!IsKeyed(ref reader, ref malformed))
            {
                continue;
            }

            if (reader.Key.SequenceEqual("MSG"u8))
            {
                message = WireText.ToText(reader.Value);
            }
            else
            {
                extra.Set(reader.Key, reader.Value);
            }
        }

        return new WarnFrame(message) { Extra = extra.Build() };
    }

    private static ErrFrame ParseErr(ReadOnlySpan<byte> fields, out bool malformed)
    {
        malformed = false;
        string? code = null, message = null;
        var extra = new ExtraFieldsBuilder();

        var reader = new FieldReader(fields);
        while (reader.MoveNext())
        {
            if (!reader.HasValue && code is null)
            {
                // <ERR;INVALID_COMMA>: the firmware's only ERR carries a bare code, not a key.
                code = WireText.ToText(reader.Key);
                continue;
            }

            if (!IsKeyed(ref reader, ref malformed))
            {
                continue;
            }

            if (reader.Key.SequenceEqual("MSG"u8))
            {
                message = WireText.ToText(reader.Value);
            }
            else
            {
                extra.Set(reader.Key, reader.Value);
            }
        }

        return new ErrFrame(code, message) { Extra = extra.Build() };
    }

    /// <summary>Pieces without '=' or with an empty key are skipped, as the predecessor did, but counted.</summary>
    private static bool IsKeyed(ref FieldReader reader, ref bool malformed)
    {
        if (reader.HasValue && !reader.Key.IsEmpty)
        {
            return true;
        }

        malformed = true;
        return false;
    }

    /// <summary>The firmware always prints the fields in the same order, so the next one is tried first.</summary>
    private static int StatFieldIndex(ReadOnlySpan<byte> key, int expected)
    {
        if (expected < StatFieldCount && key.SequenceEqual(s_statKeys[expected]))
        {
            return expected;
        }

        for (var i = 0; i < StatFieldCount; i++)
        {
            if (key.SequenceEqual(s_statKeys[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int? Get(ReadOnlySpan<int> values, int present, int index) =>
        (present & (1 << index)) != 0 ? values[index] : null;
}
