using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using Charger.Actors.Protocol;
using Charger.Actors.Serial;
using Charger.Actors.Simulation;
using Charger.Actors.Supervision;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks;

/// <summary>
/// Real-time measurements of the serial link against the simulator on a pseudo-terminal, with the
/// link's default settings: reconnect time after the device reappears, and the CPU an idle link costs.
/// These are wall-clock scenarios, not micro-benchmarks, so they run outside BenchmarkDotNet.
/// </summary>
public static class LinkProbe
{
    /// <summary>Disappear, stay away a random while, reappear; time reappearance -> first decoded STAT.</summary>
    public static async Task<int> ReconnectAsync(int rounds)
    {
        Console.WriteLine($"link-reconnect: {rounds} outages of 0.3-2.0 s each, default link settings, with and without the device watcher");
        foreach (var watch in new[] { true, false })
        {
            await using var rig = await Rig.StartAsync(withLink: true);
            if (watch) rig.System.ActorOf(DeviceWatchActor.Props(rig.Link!, rig.Options, rig.Monitor), DeviceWatchActor.Name);
            var random = new Random(42);
            var samples = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                rig.Simulator.Disappear();
                await rig.WaitFor(m => m is SerialPortActor.LinkChanged { State.IsUp: false });
                await Task.Delay(TimeSpan.FromMilliseconds(300 + random.Next(1700)));
                rig.Drain();
                var clock = Stopwatch.StartNew();
                rig.Simulator.Reappear();
                await rig.WaitFor(m => m is SerialPortActor.FrameReceived { Frame: StatFrame });
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
            samples.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  watcher {(watch ? "on " : "off")}: median {Percentile(samples, 0.5):0} ms, p90 {Percentile(samples, 0.9):0} ms, " +
                $"min {samples[0]:0} ms, max {samples[^1]:0} ms  [{string.Join(", ", samples.Select(s => s.ToString("0", CultureInfo.InvariantCulture)))}]"));
        }
        return 0;
    }

    /// <summary>Process CPU per second with the simulator alone, then with the link polling it too.</summary>
    public static async Task<int> IdleCpuAsync(int seconds)
    {
        Console.WriteLine($"link-idle: process CPU over {seconds} s after 3 s of settling (simulator in-process)");
        double simulatorOnly, withLink;
        await using (var rig = await Rig.StartAsync(withLink: false))
            simulatorOnly = await CpuPerSecond(seconds);
        long polls;
        await using (var rig = await Rig.StartAsync(withLink: true))
        {
            rig.Drain();
            withLink = await CpuPerSecond(seconds);
            polls = rig.Drain();
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  simulator alone: {simulatorOnly:0.00} ms CPU/s; simulator + idle link: {withLink:0.00} ms CPU/s; " +
            $"link: {withLink - simulatorOnly:0.00} ms CPU/s ({(withLink - simulatorOnly) / 10:0.000} % of one core), {polls} frames received in {seconds} s"));
        return 0;
    }

    private static async Task<double> CpuPerSecond(int seconds)
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds / seconds;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private sealed class Rig : IAsyncDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("charger-bench-").FullName;
        private readonly Channel<object> _messages = Channel.CreateUnbounded<object>();

        private Rig()
        {
            Transport = new PtySimulatorTransport(Path.Combine(_directory, "ttyESP32"));
            Simulator = new Esp32Simulator(TimeProvider.System);
            Simulator.Attach(Transport);
            Options = new SerialLinkOptions { PortPath = Transport.DevicePath };
            System = BenchSystem.Create("bench");
        }

        public PtySimulatorTransport Transport { get; }

        public Esp32Simulator Simulator { get; }

        public SerialLinkOptions Options { get; }

        public ActorSystem System { get; }

        public IActorRef? Link { get; private set; }

        public LinkMonitor Monitor { get; } = new(TimeProvider.System);

        public static async Task<Rig> StartAsync(bool withLink)
        {
            var rig = new Rig();
            rig.Simulator.PowerOn();
            if (!withLink) return rig;
            var listener = rig.System.ActorOf(Props.Create(() => new Listener(rig._messages.Writer)));
            // NoLogger, as NullLogger was: the link would log every outage this probe causes on purpose.
            var linkPath = ((ExtendedActorSystem)rig.System).Guardian.Path / "link";
            rig.Link = rig.System.ActorOf(SerialLink.Props(rig.Options, listener, rig.Monitor,
                new FlightRecorder(), NoLogger.Instance, rig.System.Supervision(), linkPath), "link");
            await rig.WaitFor(m => m is SerialPortActor.FrameReceived { Frame: StatFrame });
            return rig;
        }

        public async Task WaitFor(Func<object, bool> match)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!match(await _messages.Reader.ReadAsync(timeout.Token))) { }
        }

        /// <summary>Discards what is queued; returns how many frames it held.</summary>
        public long Drain()
        {
            long frames = 0;
            while (_messages.Reader.TryRead(out var m)) if (m is SerialPortActor.FrameReceived) frames++;
            return frames;
        }

        public async ValueTask DisposeAsync()
        {
            await System.Terminate();
            Simulator.Dispose();
            Transport.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(ChannelWriter<object> writer) => ReceiveAny(m => writer.TryWrite(m));
    }
}
