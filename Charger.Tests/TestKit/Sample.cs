namespace Charger.Tests.TestKit;

/// <summary>One sample line of a Prometheus scrape: <c>name{labels} value</c> (the timestamp, if any, is checked and dropped).</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public override string ToString() =>
        Name + "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "} " + Value;
}
