using System.Diagnostics;
using System.Globalization;
using Charger.Actors.Serial;
using Charger.Benchmarks.Support;
using static Charger.Benchmarks.Support.Percentiles;
using static Charger.Benchmarks.Support.StatLinePlayer;

namespace Charger.Benchmarks;

/// <summary>
/// The floor under <see cref="EventLatencyProbe"/>: the same STAT lines and pauses, but read by the
/// production <see cref="LinuxSerialPort"/> (its poll() read thread and channel) and awaited on the
/// thread pool as the serial actor's pump does, with no actors. The sample stops when the whole line is
/// in the awaiting continuation, i.e. where the pump would tell the serial actor.
/// Run with <c>dotnet run -c Release --project bench/Charger.Benchmarks -- pty-latency [lines] [pause-ms] [load]</c>.
/// </summary>
public static class PtyLatencyProbe
{
    public static async Task<int> RunAsync(int lines, int pauseMs, bool loadOtherCore)
    {
        var warmup = Math.Max(lines / 5, 500);
        Console.WriteLine($"pty-latency: {lines:N0} STAT lines after {warmup:N0} warm-up lines, one at a time, {pauseMs} ms pause after each; " +
            $"other core {(loadOtherCore ? "loaded by a spinning process" : "not loaded by us")}.");
        Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, load average before: {MachineLoad.Average()}");

        using var load = loadOtherCore ? CoreLoad.Start() : null;
        var directory = Directory.CreateTempSubdirectory("charger-bench-").FullName;
        try
        {
            using var device = PseudoTerminal.Open(Path.Combine(directory, "ttyESP32"));
            using var port = LinuxSerialPort.Open(new SerialPortSettings { Path = device.DevicePath, BaudRate = 115200 });
            using var arrived = new SemaphoreSlim(0);
            long at = 0;
            var reader = Task.Run(async () =>
            {
                await foreach (var chunk in port.Input.ReadAllAsync().ConfigureAwait(false))
                {
                    if (chunk.Span[^1] != (byte)'\n') continue; // the rest of the line is still coming
                    at = Stopwatch.GetTimestamp();
                    arrived.Release();
                }
            });

            var pause = TimeSpan.FromMilliseconds(pauseMs);
            var samples = await Task.Factory.StartNew(() =>
            {
                Play(device, arrived, () => at, pause, new long[warmup]);
                var timed = new long[lines];
                Play(device, arrived, () => at, pause, timed);
                return timed;
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);

            Array.Sort(samples);
            Console.WriteLine();
            Console.WriteLine("| STAT written -> line read (pty, read thread, pool continuation) | lines | mean | p50 | p90 | p99 | p99.9 | max |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| total | {samples.Length:N0} | {StopwatchMicros(samples.Average())} | {StopwatchMicros(Of(samples, 50))} | {StopwatchMicros(Of(samples, 90))} | " +
                $"{StopwatchMicros(Of(samples, 99))} | {StopwatchMicros(Of(samples, 99.9))} | {StopwatchMicros(samples[^1])} |"));
            Console.WriteLine($"load average after: {MachineLoad.Average()}");
            port.Dispose();
            await reader.ConfigureAwait(false);
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
