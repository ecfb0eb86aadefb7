using Charger.Actors.Protocol;

namespace Charger.Actors.Serial;

/// <summary>
/// What arrived on one charger's link since start, by kind, and what could not be decoded: the
/// numbers behind the frame metrics. The decoder's own counters start from zero with every
/// connection; these survive reconnects because the <see cref="LinkMonitor"/> that holds them does.
/// Written by the serial actor (one writer at a time), read from any thread.
/// </summary>
public sealed class LinkTraffic
{
    private static readonly ReceivedKind[] Kinds = Enum.GetValues<ReceivedKind>();
    private static readonly DecodeError[] Errors = Enum.GetValues<DecodeError>();

    private readonly long[] _received = new long[Kinds.Length];
    private readonly long[] _errors = new long[Errors.Length];
    private long _lastStatusTicks = long.MinValue;
    private long _bytesSent;

    /// <summary>When the last STAT frame arrived, or null before the first.</summary>
    public DateTimeOffset? LastStatusAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastStatusTicks);
            return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Bytes written to the ESP32 (commands and status polls) since start, across reconnects.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    internal void CountSent(int bytes) => Interlocked.Add(ref _bytesSent, bytes);

    public long Received(ReceivedKind kind) => Interlocked.Read(ref _received[(int)kind]);

    public long DecodeErrors(DecodeError error) => Interlocked.Read(ref _errors[(int)error]);

    public IEnumerable<(ReceivedKind Kind, long Count)> ReceivedCounts() => Kinds.Select(k => (k, Received(k)));

    public IEnumerable<(DecodeError Error, long Count)> DecodeErrorCounts() => Errors.Select(e => (e, DecodeErrors(e)));

    internal void Count(IReadOnlyList<Esp32Frame> frames, DateTimeOffset receivedAt)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            var kind = KindOf(frames[i]);
            Interlocked.Increment(ref _received[(int)kind]);
            if (kind == ReceivedKind.Stat) Interlocked.Exchange(ref _lastStatusTicks, receivedAt.UtcTicks);
        }
    }

    /// <summary>Adds what one decoder counted between <paramref name="before"/> and <paramref name="after"/>.</summary>
    internal void CountErrors(in FrameDecoderCounters before, in FrameDecoderCounters after)
    {
        Add(DecodeError.Overflow, after.OverflowDrops - before.OverflowDrops);
        Add(DecodeError.Truncated, after.TruncatedFrames - before.TruncatedFrames);
        Add(DecodeError.Malformed, after.ParseErrors - before.ParseErrors);
    }

    private void Add(DecodeError error, long count)
    {
        if (count > 0) Interlocked.Add(ref _errors[(int)error], count);
    }

    public static ReceivedKind KindOf(Esp32Frame frame) => frame switch
    {
        StatFrame => ReceivedKind.Stat,
        AckFrame => ReceivedKind.Ack,
        InfoFrame => ReceivedKind.Info,
        WarnFrame => ReceivedKind.Warn,
        ErrFrame => ReceivedKind.Err,
        NoiseLine => ReceivedKind.Noise,
        _ => ReceivedKind.Unknown,
    };
}
