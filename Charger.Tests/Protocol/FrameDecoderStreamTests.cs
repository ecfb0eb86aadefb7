using Charger.Actors.Protocol;

namespace Charger.Tests.Protocol;

/// <summary>How the decoder cuts a byte stream: line ends, glued and split frames, resynchronisation, the length bound.</summary>
public sealed class FrameDecoderStreamTests
{
    private const string Ack = "<ACK;CMD=READSTAT;STATUS=OK;>";
    private const string IdleStat =
        "<STAT;CP=0;CPV=3931;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=32;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>";

    private static readonly StatFrame s_idle = Wire.Stat(0, 3931, 0, 2457, 0, 0, 0, 255, 32, 0, 0, 1);
    private static readonly AckFrame s_ack = new("READSTAT", "OK");

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\n\r")]
    [InlineData("")]
    [InlineData("\r\n\r\n\r\n")]
    public void Any_line_ending_or_none_between_frames(string lineEnd) =>
        Assert.Equal([s_idle, s_ack, s_idle], Wire.Decode(IdleStat + lineEnd + Ack + lineEnd + IdleStat + lineEnd));

    [Fact]
    public void A_frame_is_emitted_at_its_closing_bracket_without_waiting_for_the_line_end()
    {
        var decoder = new FrameDecoder();
        Assert.Equal([s_ack], Wire.Decode(Wire.Bytes(Ack), decoder));
        Assert.Empty(Wire.Decode(Wire.Bytes("\r\n"), decoder));
    }

    [Fact]
    public void A_frame_split_across_reads_byte_by_byte_decodes_once()
    {
        var decoder = new FrameDecoder();
        var frames = new List<Esp32Frame>();
        foreach (var b in Wire.Bytes(IdleStat + "\r\n"))
        {
            decoder.Decode([b], frames);
        }

        Assert.Equal([s_idle], frames);
    }

    [Fact]
    public void Text_before_a_frame_on_the_same_line_is_noise_and_text_after_it_too()
    {
        Assert.Equal(
            [new NoiseLine("of37"), s_ack, new NoiseLine("tail text")],
            Wire.Decode("of37" + Ack + " tail text \r\n"));
    }

    [Fact]
    public void Blank_and_whitespace_only_lines_produce_nothing()
    {
        var decoder = new FrameDecoder();
        Assert.Empty(Wire.Decode(Wire.Bytes("\r\n  \t \r\n\n\n \r"), decoder));
        Assert.Equal(0, decoder.Counters.NoiseLines);
    }

    [Fact]
    public void A_new_bracket_drops_the_open_frame_and_starts_over()
    {
        var decoder = new FrameDecoder();
        Assert.Equal([s_ack], Wire.Decode(Wire.Bytes("<STAT;CP=0;CPV=39" + Ack), decoder));
        Assert.Equal(1, decoder.Counters.TruncatedFrames);
    }

    [Fact]
    public void A_line_end_drops_the_open_frame()
    {
        var decoder = new FrameDecoder();
        Assert.Equal([s_ack], Wire.Decode(Wire.Bytes("<STAT;CP=0;CPV=39\r\n" + Ack), decoder));
        Assert.Equal(new FrameDecoderCounters(Wire.Bytes("<STAT;CP=0;CPV=39\r\n" + Ack).Length, 1, 0, 0, 1, 0), decoder.Counters);
    }

    [Fact]
    public void A_closing_bracket_outside_a_frame_is_plain_text() =>
        Assert.Equal([new NoiseLine("a > b"), s_ack], Wire.Decode("a > b\r\n" + Ack));

    [Fact]
    public void Empty_brackets_are_an_unknown_frame() =>
        Assert.Equal([new UnknownFrame("<>")], Wire.Decode("<>"));

    [Fact]
    public void A_literal_of_with_a_number_in_brackets_does_not_disturb_what_follows() =>
        Assert.Equal([new NoiseLine("of"), new UnknownFrame("<12>"), s_ack], Wire.Decode("of<12>\n" + Ack + "\r\n"));

    [Fact]
    public void A_frame_at_exactly_the_bound_is_decoded_and_one_byte_more_is_dropped()
    {
        var decoder = new FrameDecoder(64);
        var exact = "<STAT;ID=" + new string('9', 64 - "<STAT;ID=;>".Length) + ";>";
        Assert.Equal(64, exact.Length);
        var tooLong = "<STAT;ID=" + new string('9', 65 - "<STAT;ID=;>".Length) + ";>";

        var frames = Wire.Decode(Wire.Bytes(exact + tooLong + Ack), decoder);

        Assert.Equal(2, frames.Count);
        Assert.IsType<StatFrame>(frames[0]);
        Assert.Equal(s_ack, frames[1]);
        Assert.Equal(1, decoder.Counters.OverflowDrops);
        Assert.Equal(2, decoder.Counters.Frames);
    }

    [Fact]
    public void An_unterminated_frame_is_dropped_at_the_default_bound_of_512_bytes()
    {
        var decoder = new FrameDecoder();
        Assert.Equal(512, decoder.MaxFrameLength);
        var reads = new List<Esp32Frame>();
        decoder.Decode(Wire.Bytes("<STAT;" + new string('x', 505)), reads); // 511 bytes: a '>' would still fit
        Assert.Equal(0, decoder.Counters.OverflowDrops);
        decoder.Decode(Wire.Bytes("x"), reads); // the 512th byte is not '>': this frame cannot end within the bound
        Assert.Equal(1, decoder.Counters.OverflowDrops);
        decoder.Decode(Wire.Bytes(new string('x', 10_000) + ">tail\r\n" + Ack), reads);
        Assert.Equal([new NoiseLine("tail"), s_ack], reads);
        Assert.Equal(1, decoder.Counters.OverflowDrops);
    }

    [Fact]
    public void A_dropped_overlong_frame_ends_at_a_new_bracket()
    {
        var decoder = new FrameDecoder(64);
        Assert.Equal([s_ack], Wire.Decode(Wire.Bytes("<" + new string('A', 200) + Ack), decoder));
        Assert.Equal((1, 0L), (decoder.Counters.OverflowDrops, decoder.Counters.TruncatedFrames));
    }

    [Fact]
    public void An_overlong_line_of_text_is_dropped_up_to_its_line_end()
    {
        var decoder = new FrameDecoder(64);
        var frames = Wire.Decode(Wire.Bytes(new string('n', 64) + "\r\n" + new string('n', 65) + "\r\nshort\r\n"), decoder);
        Assert.Equal([new NoiseLine(new string('n', 64)), new NoiseLine("short")], frames);
        Assert.Equal(1, decoder.Counters.OverflowDrops);
    }

    [Fact]
    public void A_garbage_flood_keeps_memory_flat_and_the_next_frame_decodes()
    {
        var decoder = new FrameDecoder();
        var frames = new List<Esp32Frame>(16);
        var flood = new byte[1 << 20];
        flood.AsSpan().Fill((byte)'G');
        decoder.Decode(flood.AsSpan(0, 4096), frames); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 16; i++)
        {
            decoder.Decode(flood, frames);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);

        flood.AsSpan().Fill((byte)'<');
        decoder.Decode(flood, frames);
        decoder.Decode(Wire.Bytes(Ack), frames);
        Assert.Equal([s_ack], frames);
        Assert.Equal(1, decoder.Counters.OverflowDrops);
        Assert.Equal(flood.Length, decoder.Counters.TruncatedFrames);
    }

    [Fact]
    public void A_stat_frame_allocates_only_its_record()
    {
        var decoder = new FrameDecoder();
        var bytes = Wire.Bytes(string.Concat(Enumerable.Repeat(IdleStat + "\r\n", 1000)));
        var frames = new List<Esp32Frame>(1000);
        decoder.Decode(bytes, frames);
        frames.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        decoder.Decode(bytes, frames);
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0;

        Assert.Equal(1000, frames.Count);
        Assert.All(frames, f => Assert.Equal(s_idle, f));
        Assert.True(perFrame <= 160, $"{perFrame} bytes allocated per STAT frame");
    }

    [Fact]
    public void Firmware_acks_allocate_only_their_record()
    {
        var decoder = new FrameDecoder();
        var bytes = Wire.Bytes(string.Concat(Enumerable.Repeat(Ack + "\r\n<WARN;MSG=GF_CONFIRMED;>\r\n", 500)));
        var frames = new List<Esp32Frame>(1000);
        decoder.Decode(bytes, frames);
        frames.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        decoder.Decode(bytes, frames);
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0;
        Assert.True(perFrame <= 48, $"{perFrame} bytes allocated per ACK/WARN frame");
    }

    [Fact]
    public void Reset_forgets_a_partial_frame_from_the_previous_connection()
    {
        var decoder = new FrameDecoder();
        var frames = new List<Esp32Frame>();
        decoder.Decode(Wire.Bytes("<STAT;CP=0;CPV=3"), frames);
        decoder.Reset();
        decoder.Decode(Wire.Bytes("931;>\r\n" + Ack), frames);
        Assert.Equal([new NoiseLine("931;>"), s_ack], frames);
    }

    [Fact]
    public void Invalid_utf8_becomes_replacement_characters_not_an_exception()
    {
        var bytes = new byte[] { 0xC3, 0x28, 0xFF, (byte)'\n' }.Concat(Wire.Bytes("<INFO;MSG=")).Concat(new byte[] { 0xE2, 0x82 })
            .Concat(Wire.Bytes(";>")).ToArray();
        var frames = Wire.Decode(bytes);
        Assert.Equal(2, frames.Count);
        Assert.Contains('\uFFFD', Assert.IsType<NoiseLine>(frames[0]).Text);
        Assert.Contains('\uFFFD', Assert.IsType<InfoFrame>(frames[1]).Message!);
    }

    [Fact]
    public void The_decoder_returns_how_many_frames_it_added_and_appends_to_what_is_there()
    {
        var decoder = new FrameDecoder();
        var frames = new List<Esp32Frame> { new NoiseLine("earlier") };
        Assert.Equal(3, decoder.Decode(Wire.Bytes("x\n" + Ack + IdleStat), frames));
        Assert.Equal(4, frames.Count);
        Assert.Equal(0, decoder.Decode(ReadOnlySpan<byte>.Empty, frames));
    }

    [Fact]
    public void A_bound_below_the_minimum_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameDecoder(FrameDecoder.MinMaxFrameLength - 1));
}
