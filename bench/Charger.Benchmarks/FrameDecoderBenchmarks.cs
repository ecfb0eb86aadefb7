using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Charger.Actors.Protocol;

namespace Charger.Benchmarks;

/// <summary>
/// Throughput and allocation of <see cref="FrameDecoder"/>: one invocation decodes a
/// <see cref="BufferBytes"/>-byte stream fed in <see cref="ChunkSize"/>-byte reads, the way the serial
/// reader feeds it. One operation is one byte (OperationsPerInvoke), so Op/s is bytes per second; the
/// MB/s column (10^6 bytes) reads it directly and B/frame divides the memory diagnoser's total
/// allocation by the frames and noise lines the decoder emitted.
/// </summary>
/// <remarks>
/// <para>Goal: at least 100 MB/s, about 10,000 times the 11.5 KB/s of 115200 baud, so decoding is never
/// what limits the reader even on a Raspberry Pi that is several times slower than this machine.</para>
/// <para>The streams, all exactly <see cref="BufferBytes"/> long and ending on a line end, so no frame or
/// line straddles two invocations and every invocation emits the same outputs:</para>
/// <list type="bullet">
/// <item><see cref="StreamKind.Stat"/>: only STAT lines, byte for byte as the firmware prints them
/// (ESP32-FIRMWARE.md 1.6/1.7; the 13 STAT lines of the recorded session, in turn). This is the steady
/// state of a running station and the case the goals are about: every output is one StatFrame, so
/// B/frame is bytes per STAT frame.</item>
/// <item><see cref="StreamKind.Mixed"/>: the recorded session (reset noise, ROM and sketch boot banners,
/// card list, STAT, every ACK kind, INFO/WARN/ERR, <c>of&lt;n&gt;</c> debug lines) over and over. Far more
/// boot text than a real link carries, so it is the pessimistic mix; noise lines allocate their text.</item>
/// <item><see cref="StreamKind.Garbage"/>: seeded random bytes with no <c>&lt;</c>, as a wrong baud rate
/// or a bad cable gives. CR and LF in it end lines (about one per 128 bytes), so it mostly measures
/// making <see cref="NoiseLine"/>s of invalid UTF-8; lines past the 512-byte bound are dropped.</item>
/// </list>
/// <para>Chunk sizes: 64 and 256 bytes are typical serial reads (64 splits nearly every STAT line, so the
/// copy-into-buffer path runs; 256 leaves most lines whole, parsed in place); <see cref="BufferBytes"/>
/// is the whole stream in one call, the decoder's best case.</para>
/// <para>The output list is created once with room for a whole invocation and cleared after every
/// Decode call, as the reader does after handing the frames on: the numbers are the decoder's, not list
/// growth. The frames are created (they are what the decoder is for) and dropped, so their allocation
/// counts and the gen-0 collections they cause are part of the time.</para>
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(DecoderColumnsConfig))]
public class FrameDecoderBenchmarks
{
    /// <summary>Bytes per invocation: 1 MiB, about 9,700 STAT frames, 91 s of line time at 115200 baud.</summary>
    public const int BufferBytes = 1 << 20;

    public enum StreamKind
    {
        Stat,
        Mixed,
        Garbage,
    }

    private static readonly Lazy<Workload>[] s_workloads =
        [.. Enum.GetValues<StreamKind>().Select(kind => new Lazy<Workload>(() => Workload.Build(kind)))];

    private byte[] _bytes = [];
    private FrameDecoder _decoder = new();
    private List<Esp32Frame> _frames = [];

    [Params(StreamKind.Stat, StreamKind.Mixed, StreamKind.Garbage)]
    public StreamKind Stream { get; set; }

    /// <summary>Bytes per Decode call; <see cref="BufferBytes"/> (1048576) is the whole stream at once.</summary>
    [Params(64, 256, BufferBytes)]
    public int ChunkSize { get; set; }

    /// <summary>The stream of a case and the number of outputs (frames and noise lines) one pass over it emits.</summary>
    public static Workload WorkloadOf(StreamKind kind) => s_workloads[(int)kind].Value;

    [GlobalSetup]
    public void Setup()
    {
        var workload = WorkloadOf(Stream);
        _bytes = workload.Bytes;
        _decoder = new FrameDecoder();
        _frames = new List<Esp32Frame>(workload.Outputs);
    }

    [Benchmark(OperationsPerInvoke = BufferBytes)]
    public int Decode()
    {
        var decoder = _decoder;
        var frames = _frames;
        var bytes = _bytes.AsSpan();
        var chunk = ChunkSize;
        var outputs = 0;
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            outputs += decoder.Decode(bytes.Slice(offset, Math.Min(chunk, bytes.Length - offset)), frames);
            frames.Clear();
        }

        return outputs;
    }

    /// <summary>A stream and what one pass over it must give; built once per kind, checked as it is built.</summary>
    public sealed record Workload(byte[] Bytes, int Outputs)
    {
        public static Workload Build(StreamKind kind)
        {
            var bytes = kind switch
            {
                StreamKind.Stat => Repeat(string.Concat(StatLines().Select(line => line + "\r\n"))),
                StreamKind.Mixed => Repeat(RecordedSession),
                StreamKind.Garbage => Garbage(),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };

            // Decode once with a fresh decoder: the count of outputs feeds B/frame, and a stream that does not
            // decode as intended would make every number below meaningless.
            var decoder = new FrameDecoder();
            var frames = new List<Esp32Frame>();
            decoder.Decode(bytes, frames);
            var counters = decoder.Counters;
            var ok = kind switch
            {
                StreamKind.Stat => frames.Count > 0 && frames.All(f => f is StatFrame { Stop: 0 })
                    && counters.Frames == frames.Count,
                StreamKind.Mixed => counters.Frames > 0 && counters.NoiseLines > 0,
                _ => counters.Frames == 0,
            };
            ok &= counters.ParseErrors == 0 && counters.TruncatedFrames == 0 && counters.Bytes == BufferBytes;
            if (!ok)
            {
                throw new InvalidOperationException($"The {kind} stream did not decode as intended: {counters}.");
            }

            // Decoding again must give the same: the stream leaves the decoder as it found it.
            var again = decoder.Decode(bytes, new List<Esp32Frame>());
            if (again != frames.Count)
            {
                throw new InvalidOperationException($"The {kind} stream gave {frames.Count} outputs, then {again}.");
            }

            return new Workload(bytes, frames.Count);
        }

        /// <summary>Whole copies of <paramref name="unit"/> up to <see cref="BufferBytes"/>; the rest is LF (blank lines: no output).</summary>
        private static byte[] Repeat(string unit)
        {
            var unitBytes = Encoding.Latin1.GetBytes(unit);
            var bytes = new byte[BufferBytes];
            var length = 0;
            while (length + unitBytes.Length <= bytes.Length)
            {
                unitBytes.CopyTo(bytes, length);
                length += unitBytes.Length;
            }

            bytes.AsSpan(length).Fill((byte)'\n');
            return bytes;
        }

        private static byte[] Garbage()
        {
            var bytes = new byte[BufferBytes];
            new Random(20261122).NextBytes(bytes);
            foreach (ref var b in bytes.AsSpan())
            {
                if (b == (byte)'<')
                {
                    b = (byte)'=';
                }
            }

            bytes[^1] = (byte)'\n';
            return bytes;
        }

        private static IEnumerable<string> StatLines() =>
            RecordedSession.Split("\r\n").Where(line => line.StartsWith("<STAT;", StringComparison.Ordinal));
    }

    /// <summary>
    /// The wire bytes of Charger.Tests/Protocol/RecordedSession.cs (copied, not referenced: the benchmarks do not
    /// depend on the test project), from power-on through a whole charge and a phase fault to idle. Latin-1
    /// encoded, so the first four characters are the raw bytes 00 FF E0 80 of the bridge powering up.
    /// </summary>
    private const string RecordedSession =
        "\u0000\u00FF\u00E0\u0080" +
        "ets Jun  8 2016 00:22:57\r\n\r\n" +
        "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n" +
        "configsip: 0, SPIWP:0xee\r\n" +
        "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\r\n" +
        "mode:DIO, clock div:1\r\n" +
        "load:0x3fff0030,len:1184\r\n" +
        "load:0x40078000,len:13232\r\n" +
        "load:0x40080400,len:3028\r\n" +
        "entry 0x400805e4\r\n" +
        "CSRPI Charging Station v4.8.0 - Dual UART\r\n" +
        "USB: Monitoring | GPIO: Commands\r\n" +
        "GPIO UART: RX=GPIO34, TX=GPIO21, Baud=115200\r\n" +
        "This code scan the MIFARE Classsic NUID.\r\n" +
        "Using the following key: FF FF FF FF FF FF" +
        "Kart 0 Valid=170 ID=3735928559;\r\n" +
        "Kart 1 Valid=170 ID=305419896;\r\n" +
        "Kart 2 Valid=255 ID=4294967295;\r\n" +
        "Kart 3 Valid=255 ID=4294967295;\r\n" +
        "Kart 4 Valid=255 ID=4294967295;\r\n" +
        "Kart 5 Valid=255 ID=4294967295;\r\n" +
        "Kart 6 Valid=255 ID=4294967295;\r\n" +
        "Kart 7 Valid=255 ID=4294967295;\r\n" +
        "Kart 8 Valid=255 ID=4294967295;\r\n" +
        "Kart 9 Valid=255 ID=4294967295;\r\n" +
        "<STAT;CP=0;CPV=3931;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=32;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n" +
        "<ACK;CMD=READSTAT;STATUS=OK;>\r\n" +
        "<ACK;CMD=SETMAXAMP;STATUS=OK;>\r\n" +
        "<STAT;CP=0;CPV=3928;PP=0;PPV=2456;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n" +
        "<STAT;CP=0;CPV=3920;PP=1;PPV=1566;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=20;AUTH=0;STATE=2;PB=0;STOP=0;>\r\n" +
        "<STAT;CP=1;CPV=2710;PP=1;PPV=1520;RL=0;LOCK=0;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=0;STATE=3;PB=0;STOP=0;>\r\n" +
        "of200\n" +
        "<ACK;CMD=AUTH;STATUS=OK;>\r\n" +
        "<STAT;CP=2;CPV=1847;PP=1;PPV=1520;RL=1;LOCK=1;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=1;STATE=5;PB=0;STOP=0;>\r\n" +
        "<ACK;CMD=READSTAT;STATUS=OK;>\r\n" +
        "<WARN;MSG=GF_IGNORED_RELAY_MASK;>\r\n" +
        "<INFO;MSG=GF_COUNT;VAL=1;>\r\n" +
        "<INFO;MSG=GF_COUNT;VAL=2;>\r\n" +
        "<INFO;MSG=FAULT_CLEARED;>\r\n" +
        "<ERR;INVALID_COMMA>\r\n" +
        "<STAT;CP=2;CPV=1846;PP=1;PPV=1520;RL=1;LOCK=1;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=1;STATE=5;PB=0;STOP=0;>\r\n" +
        "<STAT;CP=1;CPV=2705;PP=1;PPV=1520;RL=1;LOCK=0;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=1;STATE=6;PB=0;STOP=0;>\r\n" +
        "<STAT;CP=2;CPV=1847;PP=1;PPV=1520;RL=1;LOCK=1;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=1;STATE=5;PB=0;STOP=0;>\r\n" +
        "<STAT;CP=1;CPV=2712;PP=1;PPV=1521;RL=0;LOCK=1;MOTOR=0;PWM=255;MAX=16;CABLE=20;AUTH=0;STATE=7;PB=0;STOP=0;>\r\n" +
        "<ACK;CMD=READSTAT;STATUS=OK;>\r\n" +
        "of3\n" +
        "<INFO;MSG=FINISHING_EXIT_STATION_CABLE_DISCONNECTED;>\r\n" +
        "<STAT;CP=0;CPV=3930;PP=0;PPV=2455;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n" +
        "<ACK;CMD=AUTH;STATUS=CLEARED;>\r\n" +
        "<ACK;CMD=SETMAXAMP;STATUS=ERR;>\r\n" +
        "<ACK;CMD=LOCK;STATUS=OK;>\r\n" +
        "<ACK;CMD=UNLOCK;STATUS=OK;>\r\n" +
        "<ACK;CMD=UNKNOWN;STATUS=ERR;>\r\n" +
        "<INFO;MSG=PF_COUNT;VAL=8;>\r\n" +
        "<INFO;MSG=PF_COUNT;VAL=9;>\r\n" +
        "<INFO;MSG=PF_COUNT;VAL=10;>\r\n" +
        "<WARN;MSG=PF_CONFIRMED;>\r\n" +
        "<STAT;CP=0;CPV=3931;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=1;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=8;PB=1;STOP=0;>\r\n" +
        "<INFO;MSG=FAULT_CLEARED;>\r\n<WARN;MSG=FAULT_TIMEOUT_RESET;>\r\n" +
        "<STAT;CP=0;CPV=3931;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=1;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=0;PB=0;STOP=0;>\r\n" +
        "<STAT;CP=0;CPV=3929;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n";

    /// <summary>Adds MB/s, outputs per invocation and bytes per output (B/frame) to the summary table.</summary>
    public sealed class DecoderColumnsConfig : ManualConfig
    {
        public DecoderColumnsConfig()
        {
            AddColumn(StatisticColumn.OperationsPerSecond);
            AddColumn(new DecoderColumn("MB/s", "Decoded megabytes (10^6 bytes) per second, from the mean", MegabytesPerSecond));
            AddColumn(new DecoderColumn("Outputs", "Frames and noise lines emitted per 1 MiB invocation", Outputs));
            AddColumn(new DecoderColumn("B/frame", "Bytes allocated per output (frame or noise line): total allocated / outputs", BytesPerOutput));
        }

        private static StreamKind KindOf(BenchmarkCase benchmarkCase) =>
            (StreamKind)benchmarkCase.Parameters[nameof(Stream)];

        private static string MegabytesPerSecond(Summary summary, BenchmarkCase benchmarkCase)
        {
            // Mean is nanoseconds per operation, that is per byte.
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return mean is > 0 ? (1_000 / mean.Value).ToString("N1", CultureInfo.InvariantCulture) : "-";
        }

        private static string Outputs(Summary summary, BenchmarkCase benchmarkCase) =>
            WorkloadOf(KindOf(benchmarkCase)).Outputs.ToString("N0", CultureInfo.InvariantCulture);

        private static string BytesPerOutput(Summary summary, BenchmarkCase benchmarkCase)
        {
            var gc = summary[benchmarkCase]?.GcStats;
            var allocated = gc?.GetTotalAllocatedBytes(excludeAllocationQuantumSideEffects: true);
            if (gc is not { TotalOperations: > 0 } stats || allocated is null)
            {
                return "-";
            }

            var invocations = (double)stats.TotalOperations / BufferBytes;
            var outputs = invocations * WorkloadOf(KindOf(benchmarkCase)).Outputs;
            return outputs > 0 ? (allocated.Value / outputs).ToString("N1", CultureInfo.InvariantCulture) : "-";
        }
    }

    private sealed class DecoderColumn(string name, string legend, Func<Summary, BenchmarkCase, string> value) : IColumn
    {
        public string Id => nameof(DecoderColumn) + "." + name;

        public string ColumnName => name;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => legend;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => value(summary, benchmarkCase);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => value(summary, benchmarkCase);

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
