using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Charger.Tests.TestKit;

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4, so tests can check that what we
/// serve is something Prometheus accepts, not only that it contains a string. It rejects, naming the
/// line: a sample of a family no <c># TYPE</c> declared, a family's lines split into two groups, bad
/// metric or label names, bad label syntax or escapes, duplicate labels or series, a TYPE or HELP twice or
/// TYPE after samples, a value that is not a float, a negative counter, a histogram without <c>_sum</c>,
/// <c>_count</c> or a <c>+Inf</c> bucket, buckets out of <c>le</c> order or not cumulative, and +Inf not
/// equal to <c>_count</c>. A scrape must end with a line feed.
/// </summary>
public static partial class PrometheusText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static PrometheusScrape Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser();
        var lines = text.Split('\n');
        if (lines[^1].Length != 0) throw Error(lines.Length, "the last line must end with a line feed", lines[^1]);
        for (var i = 0; i < lines.Length - 1; i++) parser.Line(i + 1, lines[i]);
        return parser.Finish();
    }

    private static FormatException Error(int lineNumber, string reason, string line) =>
        new($"Line {lineNumber}: {reason}: '{line}'");

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")]
    private static partial Regex Decimal();

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex Timestamp();

    private static bool TryParseFloat(string token, out double value)
    {
        switch (token)
        {
            case "+Inf" or "Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
            case "NaN": value = double.NaN; return true;
        }
        value = 0;
        return Decimal().IsMatch(token) && double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private sealed class Parser
    {
        private readonly Dictionary<string, PrometheusFamily> _families = new(StringComparer.Ordinal);
        private readonly HashSet<string> _helped = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _pendingHelp = new(StringComparer.Ordinal);
        private readonly HashSet<string> _withSamples = new(StringComparer.Ordinal);
        private readonly HashSet<string> _closed = new(StringComparer.Ordinal);
        private readonly HashSet<string> _series = new(StringComparer.Ordinal);
        private readonly List<Sample> _samples = [];
        private readonly Dictionary<Sample, string> _familyOf = new(ReferenceEqualityComparer.Instance);
        private readonly List<(int Line, string Text, Sample Sample, string Family)> _histogramLines = [];
        private string? _current;

        public void Line(int number, string line)
        {
            if (line.Contains('\r')) throw Error(number, "carriage return (lines end with \\n only)", line);
            if (line.Length == 0) return;
            if (line.StartsWith("# HELP ", StringComparison.Ordinal)) Help(number, line);
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal)) Type(number, line);
            else if (line.StartsWith('#')) return; // a comment
            else SampleLine(number, line);
        }

        public PrometheusScrape Finish()
        {
            CheckHistograms();
            return new PrometheusScrape(_samples, _families, _familyOf);
        }

        private void Help(int number, string line)
        {
            var rest = line["# HELP ".Length..];
            var space = rest.IndexOf(' ');
            var name = space < 0 ? rest : rest[..space];
            if (!MetricName().IsMatch(name)) throw Error(number, $"bad metric name '{name}' in HELP", line);
            if (!_helped.Add(name)) throw Error(number, $"second HELP for {name}", line);
            var help = UnescapeHelp(number, line, space < 0 ? "" : rest[(space + 1)..]);
            Enter(number, line, name);
            if (_families.TryGetValue(name, out var family)) _families[name] = family with { Help = help };
            else _pendingHelp[name] = help;
        }

        private void Type(int number, string line)
        {
            var parts = line["# TYPE ".Length..].Split(' ');
            if (parts.Length != 2) throw Error(number, "TYPE needs a name and a type", line);
            var (name, type) = (parts[0], parts[1]);
            if (!MetricName().IsMatch(name)) throw Error(number, $"bad metric name '{name}' in TYPE", line);
            if (!Types.Contains(type)) throw Error(number, $"unknown type '{type}'", line);
            if (_families.ContainsKey(name)) throw Error(number, $"second TYPE for {name}", line);
            if (_withSamples.Contains(name)) throw Error(number, $"TYPE for {name} after its samples", line);
            Enter(number, line, name);
            _families[name] = new PrometheusFamily(name, type, _pendingHelp.GetValueOrDefault(name));
        }

        private void SampleLine(int number, string line)
        {
            var position = 0;
            while (position < line.Length && line[position] is not ('{' or ' ' or '\t')) position++;
            var name = line[..position];
            if (!MetricName().IsMatch(name)) throw Error(number, $"bad metric name '{name}'", line);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (position < line.Length && line[position] == '{') position = Labels(number, line, position + 1, labels);
            if (position >= line.Length || line[position] is not (' ' or '\t')) throw Error(number, "expected whitespace before the value", line);
            var tokens = line[position..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (line.EndsWith(' ') || line.EndsWith('\t')) throw Error(number, "trailing whitespace", line);
            if (tokens.Length is 0 or > 2) throw Error(number, "expected a value and at most a timestamp", line);
            if (!TryParseFloat(tokens[0], out var value)) throw Error(number, $"'{tokens[0]}' is not a float", line);
            if (tokens.Length == 2 && !Timestamp().IsMatch(tokens[1])) throw Error(number, $"'{tokens[1]}' is not a timestamp", line);

            var family = FamilyOf(name) ?? throw Error(number, $"sample {name} belongs to no family declared by # TYPE", line);
            Enter(number, line, family.Name);
            _withSamples.Add(family.Name);
            var key = name + "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
            if (!_series.Add(key)) throw Error(number, $"series {key} appears twice", line);
            var counting = family.Type == "counter"
                || (family.Type is "histogram" or "summary" && (name == family.Name + "_count" || name == family.Name + "_bucket"));
            if (counting && !(value >= 0)) throw Error(number, $"a {family.Type} count cannot be {tokens[0]}", line);
            if (family.Type == "histogram" && name == family.Name + "_bucket")
            {
                if (!labels.TryGetValue("le", out var le) || !TryParseFloat(le, out _)) throw Error(number, "a bucket needs a float le label", line);
            }
            else if (family.Type is "histogram" && labels.ContainsKey("le")) throw Error(number, "only buckets have an le label", line);
            if (family.Type == "summary" && name == family.Name && !labels.ContainsKey("quantile")) throw Error(number, "a summary quantile needs a quantile label", line);

            var sample = new Sample(name, labels, value);
            _samples.Add(sample);
            _familyOf[sample] = family.Name;
            if (family.Type == "histogram") _histogramLines.Add((number, line, sample, family.Name));
        }

        // Every line of a family forms one group: going back to a family after another one started is an error.
        private void Enter(int number, string line, string family)
        {
            if (_current == family) return;
            if (_closed.Contains(family)) throw Error(number, $"lines of {family} are not grouped together", line);
            if (_current is not null) _closed.Add(_current);
            _current = family;
        }

        private PrometheusFamily? FamilyOf(string name)
        {
            if (_families.TryGetValue(name, out var exact) && exact.Type != "histogram") return exact;
            foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
            {
                if (!name.EndsWith(suffix, StringComparison.Ordinal)) continue;
                if (_families.TryGetValue(name[..^suffix.Length], out var family)
                    && (family.Type == "histogram" || (family.Type == "summary" && suffix != "_bucket")))
                    return family;
            }
            return null;
        }

        private static int Labels(int number, string line, int position, Dictionary<string, string> labels)
        {
            while (true)
            {
                if (position < line.Length && line[position] == '}') return position + 1;
                var start = position;
                while (position < line.Length && (char.IsAsciiLetterOrDigit(line[position]) || line[position] == '_')) position++;
                var name = line[start..position];
                if (name.Length == 0 || char.IsAsciiDigit(name[0])) throw Error(number, $"bad label name at column {start + 1}", line);
                if (position >= line.Length || line[position] != '=') throw Error(number, $"expected '=' after label {name}", line);
                if (++position >= line.Length || line[position] != '"') throw Error(number, $"expected '\"' to open the value of label {name}", line);
                var value = new StringBuilder();
                position++;
                while (true)
                {
                    if (position >= line.Length) throw Error(number, $"unterminated value of label {name}", line);
                    var c = line[position++];
                    if (c == '"') break;
                    if (c != '\\') { value.Append(c); continue; }
                    if (position >= line.Length) throw Error(number, $"unterminated escape in label {name}", line);
                    value.Append(line[position++] switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        'n' => '\n',
                        var other => throw Error(number, $"bad escape '\\{other}' in label {name}", line),
                    });
                }
                if (!labels.TryAdd(name, value.ToString())) throw Error(number, $"label {name} appears twice", line);
                if (position < line.Length && line[position] == ',') position++;
                else if (position >= line.Length || line[position] != '}') throw Error(number, $"expected ',' or '}}' after label {name}", line);
            }
        }

        private static string UnescapeHelp(int number, string line, string help)
        {
            var text = new StringBuilder();
            for (var i = 0; i < help.Length; i++)
            {
                if (help[i] != '\\') { text.Append(help[i]); continue; }
                if (++i >= help.Length) throw Error(number, "unterminated escape in HELP", line);
                text.Append(help[i] switch
                {
                    '\\' => '\\',
                    'n' => '\n',
                    var other => throw Error(number, $"bad escape '\\{other}' in HELP", line),
                });
            }
            return text.ToString();
        }

        private void CheckHistograms()
        {
            var groups = _histogramLines.GroupBy(h => h.Family + "{" + string.Join(",", h.Sample.Labels
                .Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}");
            foreach (var group in groups)
            {
                var family = group.First().Family;
                var last = group.Last();
                var buckets = group.Where(h => h.Sample.Name == family + "_bucket").ToList();
                var count = group.SingleOrDefault(h => h.Sample.Name == family + "_count");
                if (buckets.Count == 0) throw Error(last.Line, $"histogram series {group.Key} has no buckets", last.Text);
                if (count.Sample is null) throw Error(last.Line, $"histogram series {group.Key} has no _count", last.Text);
                if (!group.Any(h => h.Sample.Name == family + "_sum")) throw Error(last.Line, $"histogram series {group.Key} has no _sum", last.Text);
                var previousLe = double.NegativeInfinity;
                var previousCount = 0.0;
                foreach (var bucket in buckets)
                {
                    TryParseFloat(bucket.Sample.Labels["le"], out var le);
                    if (!(le > previousLe)) throw Error(bucket.Line, "buckets must come in increasing le order", bucket.Text);
                    if (bucket.Sample.Value < previousCount) throw Error(bucket.Line, "bucket counts must be cumulative (never decreasing)", bucket.Text);
                    (previousLe, previousCount) = (le, bucket.Sample.Value);
                }
                var top = buckets[^1];
                if (!double.IsPositiveInfinity(previousLe)) throw Error(top.Line, $"histogram series {group.Key} has no +Inf bucket", top.Text);
                if (top.Sample.Value != count.Sample.Value) throw Error(count.Line, $"the +Inf bucket ({top.Sample.Value}) must equal _count", count.Text);
            }
        }
    }
}
