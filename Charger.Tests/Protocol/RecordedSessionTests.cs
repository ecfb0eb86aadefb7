using Charger.Actors.Protocol;

namespace Charger.Tests.Protocol;

public sealed class RecordedSessionTests
{
    [Fact]
    public void The_recorded_session_decodes_to_exactly_the_expected_frames()
    {
        var decoder = new FrameDecoder();
        var frames = Wire.Decode(RecordedSession.Bytes, decoder);

        Assert.Equal(RecordedSession.Frames, frames);
        var counters = decoder.Counters;
        Assert.Equal(RecordedSession.Bytes.Length, counters.Bytes);
        Assert.Equal(frames.Count(f => f is not NoiseLine), counters.Frames);
        Assert.Equal(frames.Count(f => f is NoiseLine), counters.NoiseLines);
        Assert.Equal((0L, 0L, 0L), (counters.OverflowDrops, counters.TruncatedFrames, counters.ParseErrors));
    }

    [Fact]
    public void The_recorded_session_holds_every_kind_of_frame_and_a_whole_charge()
    {
        var kinds = RecordedSession.Frames.Select(f => f.GetType()).ToHashSet();
        Assert.Subset(kinds, new HashSet<Type> { typeof(StatFrame), typeof(AckFrame), typeof(InfoFrame), typeof(WarnFrame), typeof(ErrFrame), typeof(NoiseLine) });

        var states = new List<int>();
        foreach (var stat in RecordedSession.Frames.OfType<StatFrame>())
        {
            if (states.Count == 0 || states[^1] != stat.State)
            {
                states.Add(stat.State!.Value);
            }
        }

        Assert.Equal([1, 2, 3, 5, 6, 5, 7, 1, 8, 0, 1], states);
    }
}
