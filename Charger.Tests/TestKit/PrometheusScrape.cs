namespace Charger.Tests.TestKit;

/// <summary>A parsed scrape: its samples in text order, the families they belong to, and look-ups for asserts.</summary>
public sealed class PrometheusScrape(IReadOnlyList<Sample> samples, IReadOnlyDictionary<string, PrometheusFamily> families, IReadOnlyDictionary<Sample, string> familyOf)
    : IReadOnlyList<Sample>
{
    /// <summary>The labels OpenTelemetry's Prometheus exporter adds for the instrumentation scope: <c>otel_scope_name</c> and, when the meter has them, version and schema URL.</summary>
    public const string ScopeLabelPrefix = "otel_scope_";

    public IReadOnlyDictionary<string, PrometheusFamily> Families { get; } = families;

    public Sample this[int index] => samples[index];

    public int Count => samples.Count;

    public IEnumerator<Sample> GetEnumerator() => samples.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The family a sample belongs to (a histogram's <c>_bucket</c> belongs to the histogram).</summary>
    public PrometheusFamily FamilyOf(Sample sample) => Families[familyOf[sample]];

    public IEnumerable<Sample> Named(string name) => samples.Where(s => s.Name == name);

    /// <summary>
    /// The value of the one sample called <paramref name="name"/> with exactly these labels, leaving out the
    /// <c>otel_scope_*</c> labels the OpenTelemetry exporter puts on every sample (the meter's name); throws if there is none.
    /// </summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var match = samples.SingleOrDefault(s => s.Name == name
            && s.Labels.Keys.Count(k => !k.StartsWith(ScopeLabelPrefix, StringComparison.Ordinal)) == labels.Length
            && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value));
        return match?.Value ?? throw new InvalidOperationException(
            $"No sample {name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}} in the scrape. It has: {string.Join("; ", samples)}");
    }
}
