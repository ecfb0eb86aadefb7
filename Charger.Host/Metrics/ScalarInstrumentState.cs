namespace Charger.Host.Metrics;

/// <summary>
/// A counter or gauge: each series holds one number. Synchronous counters and up-down counters add
/// (<see cref="Accumulate"/>); gauges and every observable instrument report a whole value, so the
/// last one wins.
/// </summary>
internal sealed class ScalarInstrumentState(string name, MetricType type, string help, bool isObservable, bool accumulate)
    : InstrumentState(name, type, help, isObservable)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<LabelSet, double> _series = [];

    public bool Accumulate { get; } = accumulate;

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // A Prometheus counter that goes down reads as a process restart, so a negative add (which
        // Counter<T> does not reject) is dropped rather than corrupting rate().
        if (Type == MetricType.Counter && Accumulate && !(value >= 0)) return;
        var labels = LabelSet.FromTags(tags);
        lock (_lock)
        {
            if (Accumulate)
                _series[labels] = _series.GetValueOrDefault(labels) + value;
            else
                _series[labels] = value;
        }
    }

    public override void Clear()
    {
        lock (_lock) _series.Clear();
    }

    public override MetricFamily Snapshot()
    {
        MetricSeries[] series;
        lock (_lock) series = _series.Select(s => new MetricSeries(s.Key, s.Value)).ToArray();
        Array.Sort(series, static (a, b) => a.Labels.CompareTo(b.Labels));
        return new MetricFamily(Name, Type, Help, series);
    }
}
