namespace Charger.Host.Metrics;

/// <summary>
/// What the collector keeps for one instrument between scrapes. Measurements arrive on any thread, so
/// every implementation guards its series with its own lock (one instrument never waits on another).
/// </summary>
internal abstract class InstrumentState(string name, MetricType type, string help, bool isObservable)
{
    public string Name { get; } = name;

    public MetricType Type { get; } = type;

    public string Help { get; } = help;

    /// <summary>Observable instruments are polled at scrape time: their series are whatever the last poll reported.</summary>
    public bool IsObservable { get; } = isObservable;

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Forgets every series before a poll, so a series an observable callback stops reporting disappears.</summary>
    public abstract void Clear();

    public abstract MetricFamily Snapshot();
}
