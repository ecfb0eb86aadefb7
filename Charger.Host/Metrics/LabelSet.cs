using System.Globalization;

namespace Charger.Host.Metrics;

/// <summary>
/// The labels of one series, sorted by name: the same tags in any order are the same series, and a
/// scrape prints them in one stable order.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>, IComparable<LabelSet>
{
    public static readonly LabelSet Empty = new([]);

    private readonly KeyValuePair<string, string>[] _labels;
    private readonly int _hash;

    private LabelSet(KeyValuePair<string, string>[] sortedLabels)
    {
        _labels = sortedLabels;
        var hash = new HashCode();
        foreach (var (name, value) in sortedLabels)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }
        _hash = hash.ToHashCode();
    }

    public IReadOnlyList<KeyValuePair<string, string>> Labels => _labels;

    /// <summary>
    /// Label names are sanitized (<see cref="PrometheusNaming.LabelName"/>); values are formatted with the
    /// invariant culture, booleans as <c>true</c>/<c>false</c>, null as empty. When two tags sanitize to the same
    /// label name, the one with the smaller value is kept, so the outcome does not depend on tag order.
    /// </summary>
    public static LabelSet FromTags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty) return Empty;
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
            labels[i] = new(PrometheusNaming.LabelName(tags[i].Key), Format(tags[i].Value));
        return FromUnsorted(labels);
    }

    /// <summary>This set without the label <paramref name="name"/> (the same instance when it has none).</summary>
    public LabelSet Without(string name) =>
        Array.Exists(_labels, l => l.Key == name) ? new LabelSet(Array.FindAll(_labels, l => l.Key != name)) : this;

    private static LabelSet FromUnsorted(KeyValuePair<string, string>[] labels)
    {
        Array.Sort(labels, static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        var distinct = 1;
        for (var i = 1; i < labels.Length; i++)
            if (labels[i].Key != labels[distinct - 1].Key) labels[distinct++] = labels[i];
        return new LabelSet(distinct == labels.Length ? labels : labels[..distinct]);
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public bool Equals(LabelSet? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (_hash != other._hash || _labels.Length != other._labels.Length) return false;
        for (var i = 0; i < _labels.Length; i++)
            if (_labels[i].Key != other._labels[i].Key || _labels[i].Value != other._labels[i].Value) return false;
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => _hash;

    public int CompareTo(LabelSet? other)
    {
        if (other is null) return 1;
        for (var i = 0; i < Math.Min(_labels.Length, other._labels.Length); i++)
        {
            var byName = string.CompareOrdinal(_labels[i].Key, other._labels[i].Key);
            if (byName != 0) return byName;
            var byValue = string.CompareOrdinal(_labels[i].Value, other._labels[i].Value);
            if (byValue != 0) return byValue;
        }
        return _labels.Length.CompareTo(other._labels.Length);
    }

    public override string ToString() => "{" + string.Join(",", _labels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
}
