using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Charger.Actors.Protocol;
using Charger.Actors.Serial;
using Charger.Actors.Subscribers;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks;

/// <summary>
/// Charger events per second delivered into 10 subscribers (default subscriber options: mailbox 1,000
/// drop-oldest, Polly retry pipeline with 3 retries; or another number of retries, 0 being no pipeline as
/// for the daemon's live-stream subscriber) through the daemon's real chain, and the bytes the whole process
/// allocates per delivery. The writer keeps at most <see cref="Window"/> events in flight to the slowest
/// subscriber (half its mailbox), so nothing should be dropped; drops and failures are still read from
/// the subscribers' monitors and reported. Two feeds:
/// <list type="bullet">
/// <item><c>pty</c>: STAT lines written on the ESP32's side of a pseudo-terminal, as in production.</item>
/// <item><c>direct</c>: decoded STAT frames told to the charger supervisor as the serial actor tells them
/// (a new <c>FrameReceived</c> stamped now per frame), which leaves out the pty, the read thread and
/// the decoder, to see whether they are the bottleneck. The link stays open on an idle pty with
/// polling and the silence check pushed out of the way.</item>
/// </list>
/// Run with <c>dotnet run -c Release --project bench/Charger.Benchmarks -- event-throughput [seconds] [pty|direct] [max-retries]</c>.
/// </summary>
public static class EventThroughputProbe
{
    public const int Subscribers = 10;

    /// <summary>Events written but not yet delivered to the slowest subscriber, at most.</summary>
    private const int Window = 500;

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(int seconds, string feed, int maxRetries)
    {
        if (feed is not ("pty" or "direct")) throw new ArgumentException($"feed must be pty or direct, got '{feed}'.");
        Console.WriteLine($"event-throughput: {Subscribers} subscribers with max-retries {maxRetries}, {feed} feed, {Warmup.TotalSeconds:0} s warm-up then {seconds} s measured, " +
            $"at most {Window} events in flight to the slowest subscriber.");
        Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, Server GC: {System.Runtime.GCSettings.IsServerGC}, load average before: {MachineLoad.Average()}");

        var counters = Enumerable.Range(0, Subscribers).Select(_ => new DeliveryCounter()).ToArray();
        var definitions = counters.Select((c, i) => new SubscriberDefinition($"subscriber-{i}", () => c, new SubscriberOptions { MaxRetries = maxRetries })).ToArray();
        await using var station = await PtyStation.StartAsync(definitions, feed == "direct"
            ? l => l with { PollInterval = TimeSpan.FromHours(1), SilenceTimeout = TimeSpan.FromDays(1) }
            : null).ConfigureAwait(false);
        var feeder = feed == "pty" ? (IFeed)new PtyFeed(station.Device) : new DirectFeed(station.Charger.Supervisor);

        // The writer blocks (in write() or between windows), so it gets a thread of its own.
        var (events, deliveries, elapsed, allocated, cpu, gcs) = await Task.Factory.StartNew(() =>
        {
            long written = 0;
            Pump(feeder, counters, ref written, Warmup);
            var process = Process.GetCurrentProcess();
            var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var cpuBefore = process.TotalProcessorTime;
            var delivered = Sum(counters);
            var bytes = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            Pump(feeder, counters, ref written, TimeSpan.FromSeconds(seconds));
            var took = clock.Elapsed;
            delivered = Sum(counters) - delivered;
            bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes;
            process.Refresh();
            var cpuTime = process.TotalProcessorTime - cpuBefore;
            var collections = (GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
            WaitForAll(counters, written);
            return (written, delivered, took, bytes, cpuTime, collections);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);

        var snapshots = station.Charger.Subscribers.Snapshot();
        var perSecond = deliveries / elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{deliveries:N0} deliveries in {elapsed.TotalSeconds:0.00} s: {perSecond / Subscribers:N0} events/s into each of {Subscribers} subscribers = {perSecond:N0} deliveries/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocated {allocated / (double)deliveries:0} B per delivery ({allocated * Subscribers / (double)deliveries:0} B per event, whole process); " +
            $"CPU {cpu.TotalMicroseconds / deliveries:0.0} µs per delivery ({cpu.TotalMilliseconds / elapsed.TotalMilliseconds * 100:0} % of one core); " +
            $"GCs gen0 {gcs.Item1}, gen1 {gcs.Item2}, gen2 {gcs.Item3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{events:N0} events written in all; each subscriber got exactly that many: {counters.All(c => c.Count == events)}; " +
            $"monitors: delivered {string.Join('/', snapshots.Select(s => s.Delivered).Distinct())} (the state events and the LinkUp), dropped {snapshots.Sum(s => s.Dropped)}, " +
            $"failed {snapshots.Sum(s => s.Failed)}, restarts {snapshots.Sum(s => s.Restarts)}"));
        Console.WriteLine($"load average after: {MachineLoad.Average()}");
        return 0;
    }

    /// <summary>Feeds events for <paramref name="duration"/>, keeping at most <see cref="Window"/> in flight.</summary>
    private static void Pump(IFeed feed, DeliveryCounter[] counters, ref long written, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var room = Window - (written - Slowest(counters));
            if (room >= Window / 4)
            {
                var pairs = (int)(room / 2);
                feed.Write(pairs);
                written += 2L * pairs;
            }
            else
            {
                Thread.Sleep(1); // at 1 ms a window of 500 drains below 375 only above 375,000 events/s
            }
        }
    }

    private static void WaitForAll(DeliveryCounter[] counters, long events)
    {
        var clock = Stopwatch.StartNew();
        while (Slowest(counters) < events)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"Only {Slowest(counters):N0} of {events:N0} events reached the slowest subscriber.");
            Thread.Sleep(1);
        }
    }

    private static long Slowest(DeliveryCounter[] counters)
    {
        var slowest = long.MaxValue;
        foreach (var c in counters) slowest = Math.Min(slowest, c.Count);
        return slowest;
    }

    private static long Sum(DeliveryCounter[] counters)
    {
        long sum = 0;
        foreach (var c in counters) sum += c.Count;
        return sum;
    }

    /// <summary>Where the writer puts (CableDetect, Idle) pairs of STAT lines.</summary>
    private interface IFeed
    {
        void Write(int pairs);
    }

    private sealed class PtyFeed(PseudoTerminal device) : IFeed
    {
        private readonly byte[] _lines = StatLines.Pairs(Window / 2);

        public void Write(int pairs) => device.Write(_lines.AsSpan(0, pairs * StatLines.PairLength));
    }

    private sealed class DirectFeed(IActorRef charger) : IFeed
    {
        private readonly StatFrame _cableDetect = Decode(StatLines.CableDetect);
        private readonly StatFrame _idle = Decode(StatLines.Idle);

        public void Write(int pairs)
        {
            for (var i = 0; i < pairs; i++)
            {
                charger.Tell(new SerialPortActor.FrameReceived(_cableDetect, TimeProvider.System.GetUtcNow()), ActorRefs.NoSender);
                charger.Tell(new SerialPortActor.FrameReceived(_idle, TimeProvider.System.GetUtcNow()), ActorRefs.NoSender);
            }
        }

        private static StatFrame Decode(byte[] line)
        {
            var frames = new List<Esp32Frame>();
            new FrameDecoder().Decode(line, frames);
            return (StatFrame)frames.Single();
        }
    }
}
