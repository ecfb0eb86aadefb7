namespace Charger.Host.Metrics;

/// <summary>Which meters the <see cref="MetricsCollector"/> listens to, and the histogram buckets it uses.</summary>
public sealed class MetricsCollectorOptions
{
    /// <summary>
    /// Prometheus' default buckets, in seconds (5 ms .. 10 s): they fit what we time (HTTP requests,
    /// command round trips over serial, reconnects).
    /// </summary>
    public static readonly IReadOnlyList<double> DefaultSecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Meters whose name starts with this (ordinal comparison) are exported; the rest of the process is not.</summary>
    public string MeterPrefix { get; set; } = "Charger";

    /// <summary>
    /// Export only the meters made by the host's <c>IMeterFactory</c> (their <c>Meter.Scope</c> is that
    /// factory). A listener sees every meter in the process, so without this two hosts in one process
    /// (tests start several daemons) would each export the other's instruments under the same names.
    /// </summary>
    public bool ScopeToHost { get; set; }

    /// <summary>
    /// Upper bounds of histogram buckets, strictly increasing and finite (+Inf is always added). A histogram
    /// created with <c>InstrumentAdvice.HistogramBucketBoundaries</c> uses its own bounds instead.
    /// </summary>
    public IReadOnlyList<double> HistogramBuckets { get; set; } = DefaultSecondsBuckets;
}
