namespace Charger.Host.Metrics;

/// <summary>One metric family at scrape time: a Prometheus name, type and help, and its series sorted by labels.</summary>
public sealed record MetricFamily(string Name, MetricType Type, string Help, IReadOnlyList<MetricSeries> Series);
