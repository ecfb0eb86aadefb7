using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Charger.Benchmarks.Actors;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks;

/// <summary>
/// Exact Ask round-trip percentiles, which BenchmarkDotNet cannot give (it times iterations, not single
/// operations): after a warm-up, every Ask of a long sequence is timed on its own with
/// <see cref="Stopwatch.GetTimestamp"/> and the sorted samples give p50, p90, p99, p99.9 and max.
/// Run with <c>dotnet run -c Release --project bench/Charger.Benchmarks -- ask-latency [asks]</c>.
/// </summary>
public static class AskLatencyProbe
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(int asks)
    {
        var system = BenchSystem.Create("ask-latency-probe");
        try
        {
            var echo = system.ActorOf(Props.Create(() => new EchoActor()), "echo");
            var warmup = Math.Max(asks / 4, 10_000);
            var samples = new long[asks];

            Console.WriteLine($"Ask round trip to an echo actor: {asks:N0} timed asks after {warmup:N0} warm-up asks, one at a time.");
            Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, Server GC: {System.Runtime.GCSettings.IsServerGC}");
            Console.WriteLine();
            Console.WriteLine("| Caller | asks | mean | p50 | p90 | p99 | p99.9 | max | Gen0 GCs |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");

            // Blocking caller: the main thread, as BenchmarkDotNet's AskAndBlock.
            Measure(echo, warmup, new long[warmup]);
            var gc = GC.CollectionCount(0);
            Measure(echo, asks, samples);
            Report("blocking thread", samples, GC.CollectionCount(0) - gc);

            // Awaiting caller: an async loop on the thread pool, as AskAndAwait.
            await MeasureAsync(echo, warmup, new long[warmup]).ConfigureAwait(false);
            gc = GC.CollectionCount(0);
            await MeasureAsync(echo, asks, samples).ConfigureAwait(false);
            Report("async await", samples, GC.CollectionCount(0) - gc);
            return 0;
        }
        finally
        {
            BenchSystem.Terminate(system);
        }
    }

    private static void Measure(IActorRef echo, int count, long[] samples)
    {
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            echo.Ask<Pong>(Ping.Instance, AskTimeout).GetAwaiter().GetResult();
            samples[i] = Stopwatch.GetTimestamp() - start;
        }
    }

    private static Task MeasureAsync(IActorRef echo, int count, long[] samples) => Task.Run(async () =>
    {
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await echo.Ask<Pong>(Ping.Instance, AskTimeout).ConfigureAwait(false);
            samples[i] = Stopwatch.GetTimestamp() - start;
        }
    });

    private static void Report(string caller, long[] samples, int gen0)
    {
        Array.Sort(samples);
        var mean = samples.Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {caller} | {samples.Length:N0} | {Us(mean)} | {Us(Pct(samples, 50))} | {Us(Pct(samples, 90))} | {Us(Pct(samples, 99))} | {Us(Pct(samples, 99.9))} | {Us(samples[^1])} | {gen0} |"));
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    private static long Pct(long[] sorted, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static string Us(double ticks) =>
        (ticks * 1_000_000 / Stopwatch.Frequency).ToString("0.00", CultureInfo.InvariantCulture) + " µs";
}
