using System.Globalization;

namespace Charger.Host.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/). Hand-written because prometheus-net
/// does not restore here. Lines end with <c>\n</c> on every platform, as the format requires.
/// </summary>
public static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Write(TextWriter writer, IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(families);
        foreach (var family in families)
        {
            writer.Write($"# HELP {family.Name} {EscapeHelp(family.Help)}\n");
            writer.Write($"# TYPE {family.Name} {TypeName(family.Type)}\n");
            foreach (var series in family.Series)
            {
                if (family.Type == MetricType.Histogram && series.Histogram is { } histogram)
                    WriteHistogram(writer, family.Name, series.Labels, histogram);
                else
                    WriteSample(writer, family.Name, series.Labels, null, series.Value);
            }
        }
    }

    private static void WriteHistogram(TextWriter writer, string name, LabelSet labels, HistogramValue histogram)
    {
        for (var i = 0; i < histogram.Bounds.Count; i++)
            WriteSample(writer, name + "_bucket", labels, FormatValue(histogram.Bounds[i]), histogram.CumulativeCounts[i]);
        WriteSample(writer, name + "_bucket", labels, "+Inf", histogram.Count);
        WriteSample(writer, name + "_sum", labels, null, histogram.Sum);
        WriteSample(writer, name + "_count", labels, null, histogram.Count);
    }

    private static void WriteSample(TextWriter writer, string name, LabelSet labels, string? le, double value)
    {
        writer.Write(name);
        if (labels.Labels.Count > 0 || le is not null)
        {
            writer.Write('{');
            var first = true;
            foreach (var (label, labelValue) in labels.Labels)
            {
                if (!first) writer.Write(',');
                writer.Write($"{label}=\"{EscapeLabelValue(labelValue)}\"");
                first = false;
            }
            if (le is not null)
            {
                if (!first) writer.Write(',');
                writer.Write($"le=\"{le}\"");
            }
            writer.Write('}');
        }
        writer.Write(' ');
        writer.Write(FormatValue(value));
        writer.Write('\n');
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Go's ParseFloat reads these; "R"-style shortest round-trip keeps every double exact.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
