namespace Charger.Host.Metrics;

/// <summary>
/// A histogram: per series, a count per bucket (not cumulative while recording, so a measurement touches
/// one slot), a sum and a count. Buckets are Prometheus' <c>le</c>: an observation equal to a bound
/// falls in that bound's bucket.
/// </summary>
internal sealed class HistogramInstrumentState(string name, string help, double[] bounds)
    : InstrumentState(name, MetricType.Histogram, help, isObservable: false)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<LabelSet, Buckets> _series = [];

    public IReadOnlyList<double> Bounds => bounds;

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value)) return; // it would fall in no bucket and poison the sum forever
        // "le" is the bucket's own label: a tag of that name would make two series print alike.
        var labels = LabelSet.FromTags(tags).Without("le");
        var index = Array.BinarySearch(bounds, value);
        if (index < 0) index = ~index; // the first bound above the value, or bounds.Length for +Inf
        lock (_lock)
        {
            if (!_series.TryGetValue(labels, out var buckets))
                _series[labels] = buckets = new Buckets(bounds.Length + 1);
            buckets.Counts[index]++;
            buckets.Sum += value;
            buckets.Count++;
        }
    }

    public override void Clear()
    {
        lock (_lock) _series.Clear();
    }

    public override MetricFamily Snapshot()
    {
        MetricSeries[] series;
        lock (_lock)
        {
            series = _series.Select(s =>
            {
                var cumulative = new long[s.Value.Counts.Length];
                long running = 0;
                for (var i = 0; i < cumulative.Length; i++) cumulative[i] = running += s.Value.Counts[i];
                return new MetricSeries(s.Key, s.Value.Count, new HistogramValue(bounds, cumulative, s.Value.Sum, s.Value.Count));
            }).ToArray();
        }
        Array.Sort(series, static (a, b) => a.Labels.CompareTo(b.Labels));
        return new MetricFamily(Name, Type, Help, series);
    }

    private sealed class Buckets(int slots)
    {
        public long[] Counts { get; } = new long[slots];

        public double Sum { get; set; }

        public long Count { get; set; }
    }
}
