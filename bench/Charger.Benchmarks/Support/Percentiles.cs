using System.Diagnostics;
using System.Globalization;

namespace Charger.Benchmarks.Support;

/// <summary>Nearest-rank percentiles of timed samples and their formatting.</summary>
public static class Percentiles
{
    /// <summary>The <paramref name="percentile"/> of <paramref name="sorted"/> samples (nearest rank).</summary>
    public static long Of(long[] sorted, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Stopwatch ticks as microseconds.</summary>
    public static string StopwatchMicros(double ticks) =>
        (ticks * 1_000_000 / Stopwatch.Frequency).ToString("0", CultureInfo.InvariantCulture) + " µs";

    /// <summary><see cref="TimeSpan"/> ticks (100 ns) as microseconds.</summary>
    public static string TimeSpanMicros(double ticks) =>
        (ticks / TimeSpan.TicksPerMicrosecond).ToString("0", CultureInfo.InvariantCulture) + " µs";
}
