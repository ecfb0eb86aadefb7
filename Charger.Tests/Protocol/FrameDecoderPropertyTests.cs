using System.Text;
using Charger.Actors.Protocol;
using FsCheck;
using FsCheck.Fluent;

namespace Charger.Tests.Protocol;

/// <summary>
/// Properties of <see cref="FrameDecoder"/> checked with FsCheck:
/// how a stream is split into reads never changes what is decoded (frames and counters), no input makes it
/// throw, and a valid frame is never lost to whatever bytes precede it. The last one is the decoder's
/// resynchronisation rule: its own '&lt;' resets the decoder, so only garbage landing inside a frame can corrupt it.
/// Failures print the generated case; a <see cref="Split"/> prints the seed that rebuilds it.
/// </summary>
public sealed class FrameDecoderPropertyTests
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithQuietOnSuccess(true);

    /// <summary>Frames the firmware really prints, to plant after and between garbage.</summary>
    private static readonly string[] s_catalogue =
    [
        "<STAT;CP=0;CPV=3931;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=12;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>",
        "<STAT;CP=2;CPV=1847;PP=1;PPV=1520;RL=1;LOCK=1;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=1;STATE=5;PB=0;STOP=0;>",
        "<ACK;CMD=READSTAT;STATUS=OK;>", "<ACK;CMD=AUTH;STATUS=OK;>", "<ACK;CMD=AUTH;STATUS=CLEARED;>",
        "<ACK;CMD=AUTH;STATUS=NOT CLEARED;>", "<ACK;CMD=SETMAXAMP;STATUS=OK;>", "<ACK;CMD=SETMAXAMP;STATUS=ERR;>",
        "<ACK;CMD=UNLOCK;STATUS=OK;>", "<ACK;CMD=LOCK;STATUS=OK;>", "<ACK;CMD=UNKNOWN;STATUS=ERR;>",
        "<ERR;INVALID_COMMA>", "<WARN;MSG=FAULT_TIMEOUT_RESET;>", "<WARN;MSG=GF_IGNORED_RELAY_MASK;>",
        "<WARN;MSG=PF_IGNORED_RELAY_MASK;>", "<INFO;MSG=GF_COUNT;VAL=3;>", "<INFO;MSG=PF_COUNT;VAL=10;>",
        "<WARN;MSG=GF_CONFIRMED;>", "<WARN;MSG=PF_CONFIRMED;>", "<INFO;MSG=FAULT_CLEARED;>",
        "<INFO;MSG=FINISHING_EXIT_STATION_CABLE_DISCONNECTED;>", "<CARDEXISTS=1;>",
    ];

    private static readonly string[] s_statKeys =
        ["CP", "CPV", "PP", "PPV", "RL", "LOCK", "MOTOR", "PWM", "MAX", "CABLE", "AUTH", "STATE", "PB", "STOP"];

    [Fact]
    public void Ten_thousand_random_splits_of_the_recorded_session_all_decode_identically()
    {
        var bytes = RecordedSession.Bytes;
        var whole = new FrameDecoder();
        var expected = Wire.Decode(bytes, whole);
        Assert.Equal(RecordedSession.Frames, expected);

        var property = Prop.ForAll(Splits().ToArbitrary(), split =>
        {
            var decoder = new FrameDecoder();
            var frames = Wire.DecodeInReads(bytes, split.ReadLengths(bytes.Length), decoder);
            return frames.SequenceEqual(expected) && decoder.Counters == whole.Counters;
        });

        Check.One(s_config.WithMaxTest(10_000), property);
    }

    [Fact]
    public void Any_split_of_any_stream_decodes_identically_even_at_the_length_bound()
    {
        // A small bound makes overflow and its recovery part of most cases.
        var property = Prop.ForAll(Streams().ToArbitrary(), Splits().ToArbitrary(), (stream, split) =>
        {
            var whole = new FrameDecoder(64);
            var expected = Wire.Decode(stream.Bytes, whole);
            var decoder = new FrameDecoder(64);
            var frames = Wire.DecodeInReads(stream.Bytes, split.ReadLengths(stream.Bytes.Length), decoder);
            return frames.SequenceEqual(expected) && decoder.Counters == whole.Counters;
        });

        Check.One(s_config.WithMaxTest(2_000), property);
    }

    [Fact]
    public void Random_garbage_never_throws_and_every_output_is_counted()
    {
        var property = Prop.ForAll(Garbage(4096).ToArbitrary(), Splits().ToArbitrary(), (garbage, split) =>
        {
            var decoder = new FrameDecoder();
            var frames = Wire.DecodeInReads(garbage.Bytes, split.ReadLengths(garbage.Bytes.Length), decoder);
            var counters = decoder.Counters;
            return counters.Bytes == garbage.Bytes.Length
                && counters.Frames == frames.Count(f => f is not NoiseLine)
                && counters.NoiseLines == frames.Count(f => f is NoiseLine)
                && frames.OfType<NoiseLine>().All(n => n.Text.Length > 0);
        });

        Check.One(s_config.WithMaxTest(2_000), property);
    }

    [Fact]
    public void A_valid_frame_after_any_garbage_is_never_lost()
    {
        var property = Prop.ForAll(Garbage(1500).ToArbitrary(), ValidFrames().ToArbitrary(), Splits().ToArbitrary(),
            (garbage, frame, split) =>
            {
                var bytes = garbage.Bytes.Concat(Wire.Bytes(frame.Wire)).ToArray();
                var frames = Wire.DecodeInReads(bytes, split.ReadLengths(bytes.Length), new FrameDecoder());
                return frames.Count > 0 && frames[^1].Equals(frame.Expected);
            });

        Check.One(s_config.WithMaxTest(3_000), property);
    }

    [Fact]
    public void Garbage_between_two_valid_frames_loses_neither()
    {
        var property = Prop.ForAll(ValidFrames().ToArbitrary(), Garbage(1500).ToArbitrary(), ValidFrames().ToArbitrary(),
            (first, garbage, last) =>
            {
                var bytes = Wire.Bytes(first.Wire).Concat(garbage.Bytes).Concat(Wire.Bytes(last.Wire)).ToArray();
                var frames = Wire.Decode(bytes);
                return frames.Count >= 2 && frames[0].Equals(first.Expected) && frames[^1].Equals(last.Expected);
            });

        Check.One(s_config.WithMaxTest(2_000), property);
    }

    [Fact]
    public void After_any_garbage_the_recorded_session_decodes_from_its_first_frame_on()
    {
        var session = Wire.Decode(RecordedSession.Bytes);
        var firstFrame = session.FindIndex(f => f is not NoiseLine);
        var fromFirstFrame = session.Skip(firstFrame).ToList();

        var property = Prop.ForAll(Garbage(1500).ToArbitrary(), garbage =>
        {
            var frames = Wire.Decode(garbage.Bytes.Concat(RecordedSession.Bytes).ToArray());
            return frames.Count >= fromFirstFrame.Count && frames.TakeLast(fromFirstFrame.Count).SequenceEqual(fromFirstFrame);
        });

        Check.One(s_config.WithMaxTest(1_000), property);
    }

    [Fact]
    public void Stat_frames_with_any_integers_in_any_field_order_keep_every_value()
    {
        var property = Prop.ForAll(ValidFrames().ToArbitrary(), frame =>
            Wire.Decode(frame.Wire).SequenceEqual([frame.Expected]));

        Check.One(s_config.WithMaxTest(2_000), property);
    }

    /// <summary>How a stream is cut into reads, rebuilt from <see cref="Seed"/>: a few cuts anywhere,
    /// many small reads, or one byte per read.</summary>
    public sealed record Split(int Seed)
    {
        public IEnumerable<int> ReadLengths(int total)
        {
            var random = new Random(Seed);
            switch (random.Next(4))
            {
                case 0:
                    var cuts = Enumerable.Range(0, random.Next(0, 24)).Select(_ => random.Next(0, total + 1))
                        .Append(0).Append(total).Distinct().Order().ToArray();
                    return cuts.Zip(cuts.Skip(1), (from, to) => to - from).ToArray();
                case 1:
                    return Chunks(random, total, 8);
                case 2:
                    return Chunks(random, total, 100);
                default:
                    return Enumerable.Repeat(1, total).ToArray();
            }
        }

        private static int[] Chunks(Random random, int total, int largest)
        {
            var lengths = new List<int>();
            for (var sum = 0; sum < total;)
            {
                var n = random.Next(0, largest + 1); // empty reads happen too
                lengths.Add(n);
                sum += n;
            }

            return [.. lengths];
        }
    }

    /// <summary>Bytes printed for readability when a property fails.</summary>
    public sealed record ByteStream(byte[] Bytes)
    {
        public override string ToString() =>
            $"{Bytes.Length} bytes: " + Encoding.Latin1.GetString(Bytes).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>The wire text of a valid frame and the frame it must decode to, built independently of the decoder.</summary>
    public sealed record ValidFrame(string Wire, Esp32Frame Expected);

    private static Gen<Split> Splits() => Gen.Choose(0, int.MaxValue - 1).Select(seed => new Split(seed));

    /// <summary>Bytes weighted towards what confuses a frame decoder: brackets, separators, line ends, frame kinds.</summary>
    private static Gen<ByteStream> Garbage(int longest)
    {
        var anyByte = Gen.Choose(0, 255).Select(b => (byte)b);
        var special = Gen.Elements("<>;=\r\n \t\0"u8.ToArray());
        var wordy = Gen.Elements("STATACKINFOWARNERRCMDMSG=0123456789-. "u8.ToArray());
        var oneByte = Gen.Frequency((4, anyByte), (3, special), (3, wordy));
        return Gen.Frequency(
                (3, Gen.Choose(0, 64)),
                (2, Gen.Choose(0, longest)))
            .SelectMany(length => Gen.ArrayOf(oneByte, length))
            .Select(bytes => new ByteStream(bytes));
    }

    /// <summary>Streams made of pieces that meet at every boundary: frames, garbage, line ends, cut and overlong frames.</summary>
    private static Gen<ByteStream> Streams()
    {
        var piece = Gen.Frequency(
            (4, ValidFrames().Select(f => Wire.Bytes(f.Wire))),
            (3, Garbage(200).Select(g => g.Bytes)),
            (2, Gen.Elements("\r\n", "\n", "\r", "of12\n", "CSRPI Charging Station v4.8.0 - Dual UART\r\n").Select(Wire.Bytes)),
            (1, ValidFrames().SelectMany(f => Gen.Choose(0, f.Wire.Length - 1).Select(n => Wire.Bytes(f.Wire[..n])))),
            (1, Gen.Choose(60, 300).Select(n => Wire.Bytes("<STAT;" + new string('9', n)))),
            (1, Gen.Choose(60, 300).Select(n => Wire.Bytes(new string('n', n)))));
        return Gen.Choose(0, 40)
            .SelectMany(count => Gen.ListOf(piece, count))
            .Select(pieces => new ByteStream([.. pieces.SelectMany(p => p)]));
    }

    private static Gen<ValidFrame> ValidFrames() => Gen.Frequency(
        (1, Gen.Elements(s_catalogue).Select(w => new ValidFrame(w, Assert.Single(Wire.Decode(w))))),
        (2, RandomStatFrames()));

    /// <summary>STAT frames with any known fields, repeated or not, any integer values, in any order, with padding.</summary>
    private static Gen<ValidFrame> RandomStatFrames()
    {
        var value = Gen.Frequency(
            (3, Gen.Choose(0, 9)),
            (2, Gen.Choose(0, 4095)),
            (1, Gen.Choose(int.MinValue, int.MaxValue)));
        var field = Gen.Zip(Gen.Choose(0, s_statKeys.Length - 1), value);
        var padding = Gen.Elements("", "", "", " ", "\t");
        // At most 20 fields keeps the longest frame (20 x 22 bytes) under the 512-byte bound.
        var fields = Gen.Choose(0, 20).SelectMany(count => Gen.ListOf(field, count));
        return Gen.Zip(fields, padding).Select(t =>
        {
            var (fields, pad) = t;
            var wire = new StringBuilder("<STAT;");
            var values = new int?[s_statKeys.Length];
            foreach (var (key, v) in fields)
            {
                wire.Append(pad).Append(s_statKeys[key]).Append(pad).Append('=').Append(pad).Append(v).Append(pad).Append(';');
                values[key] = v;
            }

            wire.Append('>');
            var expected = new StatFrame
            {
                Cp = values[0], Cpv = values[1], Pp = values[2], Ppv = values[3], Rl = values[4], Lock = values[5],
                Motor = values[6], Pwm = values[7], Max = values[8], Cable = values[9], Auth = values[10],
                State = values[11], Pb = values[12], Stop = values[13],
            };
            return new ValidFrame(wire.ToString(), expected);
        });
    }
}
