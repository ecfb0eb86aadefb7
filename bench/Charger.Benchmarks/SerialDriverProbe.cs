using System.Diagnostics;
using System.Globalization;
using Charger.Actors.Serial;
using Charger.Benchmarks.Support;
using static Charger.Benchmarks.Support.Percentiles;
using static Charger.Benchmarks.Support.StatLinePlayer;

namespace Charger.Benchmarks;

/// <summary>
/// The two serial drivers side by side on a pseudo-terminal (issue 13, item 4): STAT line written on the master
/// -> whole line in an awaiting continuation on the pool (latency), bytes per second device -> port, process CPU
/// per 1,000 STAT frames (each written and awaited in turn, so the figure includes the writing side, the same
/// for both), and process CPU in an idle second with a read pending. A pty is not held to 115,200 baud (11.5 KB/s
/// on the wire), so bytes per second is what the driver could take, not what the link will carry.
/// Run with <c>dotnet run -c Release --project bench/Charger.Benchmarks -- serial-drivers [lines] [pause-ms]</c>.
/// </summary>
public static class SerialDriverProbe
{
    public static async Task<int> RunAsync(int lines, int pauseMs)
    {
        Console.WriteLine($"serial-drivers: {lines:N0} timed STAT lines after {Math.Max(lines / 5, 500):N0} warm-up, {pauseMs} ms pause; " +
            $"{Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, load average before: {MachineLoad.Average()}");
        Console.WriteLine();
        Console.WriteLine("| driver | line latency p50 | p99 | max | bytes/s device -> port (16 MB) | CPU per 1,000 frames | CPU per idle second |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        // Each driver twice, alternating, so that warm-up and order effects show as a difference between rows.
        foreach (var driver in new[] { SerialDriver.Termios, SerialDriver.SystemIoPorts, SerialDriver.Termios, SerialDriver.SystemIoPorts })
            await MeasureAsync(driver, lines, TimeSpan.FromMilliseconds(pauseMs)).ConfigureAwait(false);
        Console.WriteLine($"load average after: {MachineLoad.Average()}");
        return 0;
    }

    private static async Task MeasureAsync(SerialDriver driver, int lines, TimeSpan pause)
    {
        var directory = Directory.CreateTempSubdirectory("charger-bench-").FullName;
        try
        {
            using var device = PseudoTerminal.Open(Path.Combine(directory, "ttyESP32"));
            using var port = SerialPorts.Open(driver, new SerialPortSettings { Path = device.DevicePath, BaudRate = 115200 });
            using var arrived = new SemaphoreSlim(0);
            long at = 0, received = 0;
            var reader = Task.Run(async () =>
            {
                await foreach (var chunk in port.Input.ReadAllAsync().ConfigureAwait(false))
                {
                    Interlocked.Add(ref received, chunk.Length);
                    if (chunk.Span[^1] != (byte)'\n') continue; // the rest of the line is still coming
                    at = Stopwatch.GetTimestamp();
                    arrived.Release();
                }
            });

            var samples = await OnOwnThread(() =>
            {
                Play(device, arrived, () => at, pause, new long[Math.Max(lines / 5, 500)]);
                var timed = new long[lines];
                Play(device, arrived, () => at, pause, timed);
                return timed;
            }).ConfigureAwait(false);
            Array.Sort(samples);

            // CPU per 1,000 frames: 10,000 lines, each written and awaited, no pause.
            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            await OnOwnThread(() => Play(device, arrived, () => at, TimeSpan.Zero, new long[10_000])).ConfigureAwait(false);
            self.Refresh();
            var cpuPerThousand = (self.TotalProcessorTime - cpuBefore) / 10;

            // An idle second with a read pending.
            cpuBefore = self.TotalProcessorTime;
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false); // the period being measured
            self.Refresh();
            var idleCpu = self.TotalProcessorTime - cpuBefore;

            // Bytes per second: 16 MB of STAT lines as fast as the master takes them.
            var block = StatLines.Pairs(2_000);
            var total = 16L * 1024 * 1024 / block.Length * block.Length;
            var start = Interlocked.Read(ref received);
            var clock = Stopwatch.StartNew();
            await OnOwnThread(() =>
            {
                for (long sent = 0; sent < total; sent += block.Length) device.Write(block);
                var deadline = Stopwatch.StartNew();
                while (Interlocked.Read(ref received) - start < total)
                {
                    if (deadline.Elapsed > LineTimeout) throw new TimeoutException("the port did not receive every byte");
                    Thread.Sleep(1); // bounded poll of a counter: nothing signals "n bytes in"
                }
                return 0;
            }).ConfigureAwait(false);
            var bytesPerSecond = total / clock.Elapsed.TotalSeconds;

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {driver} | {StopwatchMicros(Of(samples, 50))} | {StopwatchMicros(Of(samples, 99))} | {StopwatchMicros(samples[^1])} | " +
                $"{bytesPerSecond / 1e6:0.0} MB/s | {cpuPerThousand.TotalMilliseconds:0.0} ms | {idleCpu.TotalMilliseconds:0.0} ms |"));
            port.Dispose();
            await reader.ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<T> OnOwnThread<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static Task OnOwnThread(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
