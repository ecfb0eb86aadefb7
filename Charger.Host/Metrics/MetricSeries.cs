namespace Charger.Host.Metrics;

/// <summary>One series of a family: its labels and its value; a histogram series has its buckets in <see cref="Histogram"/> and its count as <see cref="Value"/>.</summary>
public sealed record MetricSeries(LabelSet Labels, double Value, HistogramValue? Histogram = null);
