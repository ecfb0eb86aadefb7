using System.Diagnostics;
using System.Globalization;
using Charger.Actors.Serial;
using Charger.Actors.Subscribers;
using Charger.Benchmarks.Support;
using static Charger.Benchmarks.Support.Percentiles;

namespace Charger.Benchmarks;

/// <summary>
/// Latency from a STAT line written on the ESP32's side of a pseudo-terminal to the charger event
/// reaching a subscriber's sink, through the daemon's real chain: the link's read thread, the serial
/// actor (decode), the charger supervisor, the state tracker, the subscriber supervisor and the
/// subscriber actor (its Polly pipeline and a Task.Run per attempt). One line in flight at a time, with
/// a pause after each so the threads go idle as they do between real status frames (one a second).
/// Each sample is split at the serial actor's arrival stamp (<c>ChargerEvent.Timestamp</c>, wall clock).
/// Run with <c>dotnet run -c Release --project bench/Charger.Benchmarks -- event-latency [lines] [pause-ms] [load]</c>.
/// </summary>
public static class EventLatencyProbe
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(int lines, int pauseMs, bool loadOtherCore)
    {
        var warmup = Math.Max(lines / 5, 500);
        Console.WriteLine($"event-latency: {lines:N0} STAT lines after {warmup:N0} warm-up lines, one at a time, {pauseMs} ms pause after each; " +
            $"other core {(loadOtherCore ? "loaded by a spinning process" : "not loaded by us")}.");
        Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, Server GC: {System.Runtime.GCSettings.IsServerGC}, load average before: {MachineLoad.Average()}");

        using var load = loadOtherCore ? CoreLoad.Start() : null;
        var sink = new ArrivalSink();
        await using var station = await PtyStation.StartAsync([new SubscriberDefinition("probe", () => sink)]).ConfigureAwait(false);
        var player = new Player(station.Device, sink, TimeSpan.FromMilliseconds(pauseMs));

        // The writer blocks between lines, so it gets a thread of its own, not one of the pool's.
        await Task.Factory.StartNew(() =>
        {
            player.Play(warmup, new long[warmup], new long[warmup]);
            var total = new long[lines];
            var decoded = new long[lines];
            var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            player.Play(lines, total, decoded);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Report(total, decoded, allocated, (GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2));
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);

        Console.WriteLine($"load average after: {MachineLoad.Average()}");
        return 0;
    }

    private static void Report(long[] total, long[] decoded, long allocated, (int Gen0, int Gen1, int Gen2) gcs)
    {
        // The part after the serial actor's stamp, in TimeSpan ticks like the part before it.
        var afterDecode = total.Select((t, i) => t * TimeSpan.TicksPerSecond / Stopwatch.Frequency - decoded[i]).ToArray();
        Array.Sort(total);
        Array.Sort(decoded);
        Array.Sort(afterDecode);
        Console.WriteLine();
        Console.WriteLine("| STAT written -> event in sink | lines | mean | p50 | p90 | p99 | p99.9 | max |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| total | {total.Length:N0} | {StopwatchMicros(total.Average())} | {StopwatchMicros(Of(total, 50))} | {StopwatchMicros(Of(total, 90))} | " +
            $"{StopwatchMicros(Of(total, 99))} | {StopwatchMicros(Of(total, 99.9))} | {StopwatchMicros(total[^1])} |"));
        Row("written -> decoded (pty, read thread, serial actor)", decoded);
        Row("decoded -> sink (supervisor, tracker, subscribers)", afterDecode);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GCs during the timed lines: gen0 {gcs.Gen0}, gen1 {gcs.Gen1}, gen2 {gcs.Gen2}; allocated {allocated / (double)total.Length:0} B per line (whole process)"));
    }

    private static void Row(string what, long[] sorted) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {what} | {sorted.Length:N0} | {TimeSpanMicros(sorted.Average())} | {TimeSpanMicros(Of(sorted, 50))} | {TimeSpanMicros(Of(sorted, 90))} | " +
        $"{TimeSpanMicros(Of(sorted, 99))} | {TimeSpanMicros(Of(sorted, 99.9))} | {TimeSpanMicros(sorted[^1])} |"));

    /// <summary>Plays the ESP32: writes STAT lines alternating CableDetect and Idle and times each event.</summary>
    private sealed class Player(PseudoTerminal device, ArrivalSink sink, TimeSpan pause)
    {
        private bool _cableIn; // the station starts Idle

        /// <param name="total">Stopwatch ticks from just before the write to the sink's stamp.</param>
        /// <param name="decoded">TimeSpan ticks from just before the write to the serial actor's wall-clock stamp.</param>
        public void Play(int count, long[] total, long[] decoded)
        {
            for (var i = 0; i < count; i++)
            {
                _cableIn = !_cableIn;
                var line = _cableIn ? StatLines.CableDetect : StatLines.Idle;
                var wall = TimeProvider.System.GetUtcNow();
                var start = Stopwatch.GetTimestamp();
                device.Write(line);
                var (evt, at) = sink.Next(EventTimeout);
                total[i] = at - start;
                decoded[i] = (evt.Timestamp - wall).Ticks;
                var expected = _cableIn ? 2 : 1;
                if (evt.ToState != expected) throw new InvalidOperationException($"Expected a change to state {expected}, got {evt}.");
                if (pause > TimeSpan.Zero) Thread.Sleep(pause);
            }
        }
    }
}
