namespace Charger.Host.Metrics;

/// <summary>The Prometheus metric types this exporter writes (no summaries: .NET has no such instrument).</summary>
public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
