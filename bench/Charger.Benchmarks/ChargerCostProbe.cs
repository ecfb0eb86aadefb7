using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Charger.Actors.Simulation;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks;

/// <summary>
/// Issue 19, item 5: what an idle charger costs the daemon. For each count, that many firmware-faithful ESP32
/// simulators (real loop timing, on pseudo-terminals, all in this process) and one daemon process (a publish of
/// Charger.Host) configured with one charger per simulator. After the daemon has polled every charger and settled:
/// its CPU over the idle window (utime + stime from /proc/PID/stat), VmRSS and Private_Dirty (smaps_rollup); then
/// state changes at random moments on random chargers, each timed from the simulated ESP32 printing the first STAT
/// frame that shows it to the event arriving at a subscriber of the daemon's live stream (<c>GET /api/events</c>,
/// Server-Sent Events, on loopback). Both ends read the same wall clock.
/// Run with <c>dotnet run -c Release --project bench/Charger.Benchmarks -- charger-cost DAEMON_DIR [1,10,50] [idle-s] [changes]</c>.
/// </summary>
public static class ChargerCostProbe
{
    private const string Key = "bench-key-0123456789abcdef";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string daemonDirectory, int[] counts, int idleSeconds, int changes)
    {
        var charger = Path.Combine(Path.GetFullPath(daemonDirectory), "charger");
        if (!File.Exists(charger)) throw new FileNotFoundException($"No published daemon at {charger} (dotnet publish Charger.Host -c Release -o DIR).");
        Console.WriteLine($"charger-cost: {charger}; {idleSeconds} s idle window after {Settle.TotalSeconds} s settling, {changes} state changes per count");
        Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, load average before: {MachineLoad.Average()}");
        Console.WriteLine();
        Console.WriteLine("| chargers | idle CPU, % of one core | VmRSS | Private_Dirty | STAT frame -> SSE subscriber p50 | p99 | max | changes | load average (1/5/15 min) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var count in counts)
            Console.WriteLine(await MeasureAsync(charger, count, idleSeconds, changes).ConfigureAwait(false));
        return 0;
    }

    private static async Task<string> MeasureAsync(string charger, int count, int idleSeconds, int changes)
    {
        var directory = Directory.CreateTempSubdirectory("charger-cost-").FullName;
        var transports = new List<PtySimulatorTransport>();
        var simulators = new List<Esp32Simulator>();
        Process? daemon = null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var transport = new PtySimulatorTransport(Path.Combine(directory, $"tty{i + 1}"));
                var simulator = new Esp32Simulator(TimeProvider.System);
                simulator.Attach(transport);
                simulator.PowerOn();
                transports.Add(transport);
                simulators.Add(simulator);
            }
            var config = Path.Combine(directory, "charger.conf");
            await File.WriteAllTextAsync(config, "chargers = [\n" + string.Join(",\n", transports.Select((t, i) =>
                $"  {{ id = \"cp-{i + 1}\", serial {{ port = \"{t.DevicePath}\" }} }}")) + "\n]\n").ConfigureAwait(false);

            var port = FreePort();
            var start = new ProcessStartInfo(charger)
            {
                ArgumentList = { "run", "--config", config, "--set", "logging.level=Warning", "--set", "http.rate-limit.read-per-minute=1000000000" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["CHARGER_API_KEY"] = Key,
                    ["CHARGER_DATA_DIR"] = Path.Combine(directory, "data"),
                    ["CHARGER_HTTP_URL"] = $"http://127.0.0.1:{port}",
                },
            };
            daemon = Process.Start(start) ?? throw new InvalidOperationException("the daemon did not start");
            daemon.OutputDataReceived += (_, _) => { };
            daemon.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"daemon: {e.Data}"); };
            daemon.BeginOutputReadLine();
            daemon.BeginErrorReadLine();

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.Add("X-API-Key", Key);
            await WaitAsync(async () => (await TryGetAsync(http, "/health/ready").ConfigureAwait(false)) == 200, TimeSpan.FromMinutes(3), "/health/ready").ConfigureAwait(false);
            // Every charger polled and answered: its simulator has printed a STAT since the daemon opened it.
            await WaitAsync(() => Task.FromResult(simulators.All(s => s.BytesFromHost > 0 && s.StatusesSent.Count > 0)), TimeSpan.FromMinutes(2),
                "a poll on every charger").ConfigureAwait(false);
            await Task.Delay(Settle).ConfigureAwait(false);

            var (cpu, wall) = (CpuTicks(daemon.Id), Stopwatch.StartNew());
            await Task.Delay(TimeSpan.FromSeconds(idleSeconds)).ConfigureAwait(false);
            var cpuPercent = (CpuTicks(daemon.Id) - cpu) * 100.0 / ClockTicksPerSecond / wall.Elapsed.TotalSeconds;
            var rss = StatusField(daemon.Id, "VmRSS:");
            var privateDirty = RollupField(daemon.Id, "Private_Dirty:");

            var lags = await EventLatencyAsync(http, simulators, changes).ConfigureAwait(false);
            lags.Sort();
            return string.Create(CultureInfo.InvariantCulture,
                $"| {count} | {cpuPercent:0.00} | {rss / 1024.0:0.0} MB | {privateDirty / 1024.0:0.0} MB | {Percentile(lags, 50):0.0} ms | {Percentile(lags, 99):0.0} ms | {lags[^1]:0.0} ms | {lags.Count} | {MachineLoad.Average()} |");
        }
        finally
        {
            if (daemon is { HasExited: false })
            {
                daemon.Kill();
                await daemon.WaitForExitAsync().ConfigureAwait(false);
            }
            daemon?.Dispose();
            foreach (var s in simulators) s.Dispose();
            foreach (var t in transports) t.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Plugs and unplugs cables on random chargers at random moments (one change in flight at a time) and times each
    /// from the first STAT frame showing it to its event on the live stream.
    /// </summary>
    private static async Task<List<double>> EventLatencyAsync(HttpClient http, List<Esp32Simulator> simulators, int changes)
    {
        using var stop = new CancellationTokenSource();
        var arrivals = new List<(string Charger, int ToState, DateTimeOffset At)>();
        using var response = await http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var reader = Task.Run(async () =>
        {
            using var lines = new StreamReader(stream, Encoding.UTF8);
            while (await lines.ReadLineAsync(stop.Token).ConfigureAwait(false) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                var at = TimeProvider.System.GetUtcNow();
                using var json = JsonDocument.Parse(line.AsMemory(6));
                if (json.RootElement.TryGetProperty("charger_id", out var id) && json.RootElement.TryGetProperty("to_state", out var to) &&
                    to.ValueKind == JsonValueKind.Number)
                    lock (arrivals) arrivals.Add((id.GetString()!, to.GetInt32(), at));
            }
        });

        var random = new Random(19);
        var lags = new List<double>();
        for (var i = 0; i < changes; i++)
        {
            await Task.Delay(random.Next(0, 1000)).ConfigureAwait(false);
            var n = random.Next(simulators.Count);
            var simulator = simulators[n];
            var id = $"cp-{n + 1}";
            var plugged = simulator.StatusesSent[^1].State != FirmwareState.Idle;
            var to = plugged ? FirmwareState.Idle : FirmwareState.CableDetect;
            var statusesBefore = simulator.StatusesSent.Count;
            var changed = TimeProvider.System.GetUtcNow();
            if (plugged) simulator.Vehicle.UnplugCable();
            else simulator.Vehicle.PlugCable(32);
            DateTimeOffset? arrived = null;
            var waited = Stopwatch.StartNew();
            while (arrived is null)
            {
                if (waited.Elapsed > TimeSpan.FromSeconds(15)) throw new TimeoutException($"no event for {id} to state {(int)to} within 15 s");
                await Task.Delay(5).ConfigureAwait(false);
                lock (arrivals) arrived = arrivals.Where(a => a.Charger == id && a.ToState == (int)to && a.At >= changed).Select(a => (DateTimeOffset?)a.At).FirstOrDefault();
            }
            var frame = simulator.StatusesSent.Skip(statusesBefore).First(s => s.State == to);
            lags.Add((arrived.Value - frame.At).TotalMilliseconds);
        }
        await stop.CancelAsync().ConfigureAwait(false);
        try { await reader.ConfigureAwait(false); } catch (OperationCanceledException) { }
        return lags;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task<int> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan within, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await done().ConfigureAwait(false))
        {
            if (waited.Elapsed > within) throw new TimeoutException($"no {what} within {within}");
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static long StatusField(int pid, string name) => KilobytesOf(File.ReadLines($"/proc/{pid}/status"), name);

    private static long RollupField(int pid, string name) => KilobytesOf(File.ReadLines($"/proc/{pid}/smaps_rollup"), name);

    private static long KilobytesOf(IEnumerable<string> lines, string name) =>
        long.Parse(lines.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
