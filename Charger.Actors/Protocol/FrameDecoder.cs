using System.Buffers;

namespace Charger.Actors.Protocol;

/// <summary>
/// Cuts the ESP32's USB output into <see cref="Esp32Frame"/>s: bytes in, in chunks of any size, typed frames out.
/// One instance per connection, used from one thread (the serial reader); it keeps no lock.
/// </summary>
/// <remarks>
/// <para>The decoder works byte by byte on four rules, which is why how the stream is split into reads never
/// changes what comes out:</para>
/// <list type="number">
/// <item><c>&lt;</c> always starts a new frame. A frame still open is dropped (<see cref="FrameDecoderCounters.TruncatedFrames"/>);
/// text pending on the line is emitted first as a <see cref="NoiseLine"/>.</item>
/// <item><c>&gt;</c> ends the open frame, which is parsed and emitted at once (it does not wait for the line end).
/// Outside a frame <c>&gt;</c> is plain text.</item>
/// <item>CR or LF ends the line: pending text becomes a <see cref="NoiseLine"/> (blank text is skipped), and an
/// open frame is dropped as truncated, because the firmware never prints a line break inside a frame.</item>
/// <item>A frame longer than <see cref="MaxFrameLength"/> bytes (brackets included) without its <c>&gt;</c>, or a
/// line of text longer than that, is dropped (<see cref="FrameDecoderCounters.OverflowDrops"/>) and skipped up to
/// the next <c>&lt;</c>, <c>&gt;</c> (frames only) or line end. Memory never grows past one fixed buffer.</item>
/// </list>
/// <para>Resynchronisation follows: whatever bytes came before, a complete frame that is not longer than the bound
/// and contains no <c>&lt;</c>, CR or LF is always decoded, because its own <c>&lt;</c> resets the decoder.
/// Garbage can only corrupt a frame by landing inside it.</para>
/// </remarks>
public sealed class FrameDecoder
{
    public const int DefaultMaxFrameLength = 512;

    /// <summary>Long enough for <c>&lt;ERR;INVALID_COMMA&gt;</c> and then some; shorter bounds would make no sense.</summary>
    public const int MinMaxFrameLength = 32;

    private static readonly SearchValues<byte> s_lineStops = SearchValues.Create("<\r\n"u8);
    private static readonly SearchValues<byte> s_frameStops = SearchValues.Create("<>\r\n"u8);

    // The body of the open frame (without brackets) or the text of the current line.
    private readonly byte[] _buffer;
    private int _length;
    private bool _inFrame;
    private bool _skipping;

    private long _bytes;
    private long _frames;
    private long _noiseLines;
    private long _overflowDrops;
    private long _truncatedFrames;
    private long _parseErrors;

    /// <param name="maxFrameLength">The longest frame, brackets included, and the longest line of text, line end excluded.</param>
    public FrameDecoder(int maxFrameLength = DefaultMaxFrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, MinMaxFrameLength);
        MaxFrameLength = maxFrameLength;
        _buffer = new byte[maxFrameLength];
    }

    public int MaxFrameLength { get; }

    public FrameDecoderCounters Counters =>
        new(_bytes, _frames, _noiseLines, _overflowDrops, _truncatedFrames, _parseErrors);

    private int FrameBodyCapacity => MaxFrameLength - 2;

    /// <summary>
    /// Feeds <paramref name="bytes"/> and adds every frame they complete to <paramref name="frames"/>, in stream order.
    /// Bytes of an unfinished frame or line are kept for the next call. Never throws on any input.
    /// </summary>
    /// <returns>The number of frames added.</returns>
    public int Decode(ReadOnlySpan<byte> bytes, ICollection<Esp32Frame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        _bytes += bytes.Length;
        var added = 0;

        while (!bytes.IsEmpty)
        {
            var stop = bytes.IndexOfAny(_inFrame ? s_frameStops : s_lineStops);
            var run = stop < 0 ? bytes : bytes[..stop];

            if (_inFrame)
            {
                added += ContinueFrame(run, stop < 0 ? (byte)0 : bytes[stop], frames);
            }
            else
            {
                ContinueLine(run);
                if (stop >= 0)
                {
                    added += EndLine(bytes[stop], frames);
                }
            }

            if (stop < 0)
            {
                break;
            }

            bytes = bytes[(stop + 1)..];
        }

        return added;
    }

    /// <summary>Forgets the unfinished frame or line, for example when the port was reopened and old bytes must not join new ones.</summary>
    public void Reset()
    {
        _length = 0;
        _inFrame = false;
        _skipping = false;
    }

    private void ContinueLine(ReadOnlySpan<byte> run)
    {
        if (_skipping || run.IsEmpty)
        {
            return;
        }

        if (_length + run.Length > MaxFrameLength)
        {
            Overflow();
            return;
        }

        run.CopyTo(_buffer.AsSpan(_length));
        _length += run.Length;
    }

    /// <param name="stop">'&lt;', CR or LF.</param>
    private int EndLine(byte stop, ICollection<Esp32Frame> frames)
    {
        var added = 0;
        if (!_skipping)
        {
            var text = WireText.TrimNoise(_buffer.AsSpan(0, _length));
            if (!text.IsEmpty)
            {
                frames.Add(new NoiseLine(WireText.ToText(text)));
                _noiseLines++;
                added = 1;
            }
        }

        _length = 0;
        _skipping = false;
        _inFrame = stop == (byte)'<';
        return added;
    }

    /// <param name="stop">'&lt;', '&gt;', CR, LF, or 0 when the chunk ended inside the frame.</param>
    private int ContinueFrame(ReadOnlySpan<byte> run, byte stop, ICollection<Esp32Frame> frames)
    {
        ReadOnlySpan<byte> body = default;
        if (!_skipping)
        {
            if (_length + run.Length > FrameBodyCapacity)
            {
                Overflow();
            }
            else if (stop == (byte)'>' && _length == 0)
            {
                // The whole frame is in this chunk: parse it where it lies.
                body = run;
            }
            else
            {
                run.CopyTo(_buffer.AsSpan(_length));
                _length += run.Length;
                body = _buffer.AsSpan(0, _length);
            }
        }

        var added = 0;
        switch (stop)
        {
            case 0:
                return 0;
            case (byte)'>':
                if (!_skipping)
                {
                    frames.Add(FrameParser.Parse(body, out var malformed));
                    _frames++;
                    if (malformed)
                    {
                        _parseErrors++;
                    }

                    added = 1;
                }

                _inFrame = false;
                break;
            case (byte)'<':
                if (!_skipping)
                {
                    _truncatedFrames++;
                }

                break;
            default:
                if (!_skipping)
                {
                    _truncatedFrames++;
                }

                _inFrame = false;
                break;
        }

        _length = 0;
        _skipping = false;
        return added;
    }

    private void Overflow()
    {
        _overflowDrops++;
        _skipping = true;
        _length = 0;
    }
}
