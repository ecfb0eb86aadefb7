using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Charger.Actors.Supervision;
using Charger.Host.Daemon;

namespace Charger.Host.Operations;

/// <summary>
/// Takes <see cref="HostSample"/>s for <c>GET /api/health</c> and keeps the last one for
/// <see cref="MaxAge"/>: reading /proc and the disk on every request would make a cheap endpoint
/// expensive and let anyone with a read key load the Pi. One caller refreshes while the others get
/// the previous sample; CPU percentages are over the time between two samples.
/// </summary>
public sealed class HostSampler(ChargerRuntime runtime, DaemonOptions options, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private readonly Lock _refreshing = new();
    private HostSample? _sample;
    private (long Timestamp, TimeSpan ProcessCpu, CpuTimes? System)? _previous;

    public HostSample Current()
    {
        var sample = Volatile.Read(ref _sample);
        if (sample is not null && time.GetUtcNow() - sample.TakenAt < MaxAge) return sample;
        if (sample is null) _refreshing.Enter();
        else if (!_refreshing.TryEnter()) return sample; // someone else is refreshing it
        try
        {
            sample = Volatile.Read(ref _sample);
            if (sample is not null && time.GetUtcNow() - sample.TakenAt < MaxAge) return sample;
            sample = Take();
            Volatile.Write(ref _sample, sample);
            return sample;
        }
        finally
        {
            _refreshing.Exit();
        }
    }

    private HostSample Take()
    {
        var now = time.GetTimestamp();
        var processCpu = Environment.CpuUsage.TotalTime;
        var systemCpu = CpuTimes.Read();
        var (threads, rssBytes) = ProcessFigures();
        var memory = MemInfo();

        double? cpuPercent, systemPercent;
        if (_previous is { } before)
        {
            var wall = time.GetElapsedTime(before.Timestamp, now).TotalSeconds;
            cpuPercent = wall > 0 ? (processCpu - before.ProcessCpu).TotalSeconds / wall * 100 : null;
            systemPercent = systemCpu?.BusyPercentSince(before.System);
        }
        else
        {
            // The first sample: averages since the process (and the machine) started.
            using var process = Process.GetCurrentProcess();
            var lived = (DateTime.Now - process.StartTime).TotalSeconds;
            cpuPercent = lived > 0 ? processCpu.TotalSeconds / lived * 100 : null;
            systemPercent = systemCpu?.BusyPercentSince(null);
        }
        _previous = (now, processCpu, systemCpu);

        var (diskTotal, diskFree) = Disk(options.DataDirectory);
        const double Mb = 1024 * 1024, Gb = 1024 * Mb;
        return new HostSample(
            time.GetUtcNow(),
            threads,
            Math.Round(rssBytes / Mb, 1),
            Round(cpuPercent),
            memory is { Total: > 0 } m ? Round(rssBytes / m.Total * 100) : null,
            Round(systemPercent),
            memory is { Total: > 0 } s ? Round((s.Total - s.Available) / s.Total * 100) : null,
            memory is { } t ? Round(t.Total / Mb) : null,
            memory is { } a ? Round(a.Available / Mb) : null,
            LoadAverage(),
            CpuTemperature(),
            diskTotal is { } total ? Round(total / Gb) : null,
            diskTotal is { } used && diskFree is { } free ? Round((used - free) / Gb) : null,
            diskFree is { } f ? Round(f / Gb) : null,
            diskTotal is > 0 && diskFree is { } left ? Round((diskTotal.Value - left) / diskTotal.Value * 100) : null,
            TrackersAlive());
    }

    /// <summary>The predecessor's "event detector" is our state trackers: alive when each charger's tracker runs.</summary>
    private bool TrackersAlive()
    {
        if (!runtime.IsRunning) return false;
        var tree = SupervisionTree.Inspect(runtime.System);
        return runtime.Registry.All.Count > 0 && runtime.Registry.All.All(h =>
            tree.Find($"/user/chargers/{h.Id}/tracker") is { State: ActorState.Running });
    }

    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 1) : null;

    private static (int Threads, double RssBytes) ProcessFigures()
    {
        // /proc/self/status has both in one small read; elsewhere ask Process (slower, same figures).
        try
        {
            int? threads = null;
            double? rss = null;
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line) * 1024;
            }
            if (threads is { } t && rss is { } r) return (t, r);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        using var process = Process.GetCurrentProcess();
        return (process.Threads.Count, process.WorkingSet64);
    }

    private static (double Total, double Available)? MemInfo()
    {
        try
        {
            double? total = null, available = null;
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal)) total = Kilobytes(line) * 1024;
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)) available = Kilobytes(line) * 1024;
                if (total is not null && available is not null) return (total.Value, available.Value);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return null;
    }

    // "VmRSS:     12345 kB"
    private static double Kilobytes(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return double.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    private static double[]? LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return [.. parts.Take(3).Select(p => double.Parse(p, CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static double? CpuTemperature()
    {
        try
        {
            // Millidegrees Celsius; zone 0 is the SoC on a Raspberry Pi.
            var text = File.ReadAllText("/sys/class/thermal/thermal_zone0/temp").Trim();
            return Math.Round(double.Parse(text, CultureInfo.InvariantCulture) / 1000, 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static (double? Total, double? Free) Disk(string path)
    {
        try
        {
            var drive = new DriveInfo(path);
            return (drive.TotalSize, drive.AvailableFreeSpace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (null, null);
        }
    }

    /// <summary>The first line of /proc/stat: jiffies spent busy and in total since boot.</summary>
    private sealed record CpuTimes(double Busy, double Total)
    {
        public static CpuTimes? Read()
        {
            try
            {
                using var reader = new StreamReader("/proc/stat");
                var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields is null || fields[0] != "cpu" || fields.Length < 5) return null;
                var values = fields.Skip(1).Take(8).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                var idle = values[3] + (values.Length > 4 ? values[4] : 0); // idle + iowait
                var total = values.Sum();
                return new CpuTimes(total - idle, total);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return null;
            }
        }

        public double? BusyPercentSince(CpuTimes? before)
        {
            var total = Total - (before?.Total ?? 0);
            return total > 0 ? (Busy - (before?.Busy ?? 0)) / total * 100 : null;
        }
    }
}
