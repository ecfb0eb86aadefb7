namespace Charger.Host.Metrics;

/// <summary>
/// How .NET instrument and tag names become Prometheus metric and label names.
/// </summary>
/// <remarks>
/// <para>Metric name: every character outside <c>[a-zA-Z0-9_]</c> (dots, dashes, spaces, and colons, which
/// Prometheus reserves for recording rules) becomes <c>_</c>, and a leading digit gets a <c>_</c> in front.
/// Then, for unit <c>"s"</c> only, <c>_seconds</c> is appended unless the name already ends with it; other
/// units are left out of the name, so put them in the instrument name yourself (<c>charger.energy_wh</c>).
/// Last, counters get <c>_total</c> (once: a name that already ends with <c>_total</c> keeps one, after the
/// unit). So <c>charger.link.down-time</c> with unit <c>s</c> as a Counter is <c>charger_link_down_time_seconds_total</c>.</para>
/// <para>Label name: the same character rule (no colons allowed at all in label names).</para>
/// </remarks>
public static class PrometheusNaming
{
    private const string Seconds = "_seconds";
    private const string Total = "_total";

    public static string MetricName(string instrumentName, string? unit, MetricType type)
    {
        var name = Sanitize(instrumentName);
        var counter = type == MetricType.Counter;
        if (counter && name.EndsWith(Total, StringComparison.Ordinal) && name.Length > Total.Length)
            name = name[..^Total.Length];
        if (unit == "s" && !name.EndsWith(Seconds, StringComparison.Ordinal))
            name += Seconds;
        return counter ? name + Total : name;
    }

    public static string LabelName(string tagName) => Sanitize(tagName);

    private static string Sanitize(string name)
    {
        if (name.Length == 0) return "_";
        var chars = new char[name.Length];
        for (var i = 0; i < name.Length; i++)
            chars[i] = char.IsAsciiLetterOrDigit(name[i]) || name[i] == '_' ? name[i] : '_';
        var sanitized = new string(chars);
        return char.IsAsciiDigit(sanitized[0]) ? "_" + sanitized : sanitized;
    }
}
