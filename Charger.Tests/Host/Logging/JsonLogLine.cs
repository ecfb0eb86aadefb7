using System.Globalization;
using System.Text.Json;
using Serilog.Events;
using Serilog.Parsing;

namespace Charger.Tests.Host.Logging;

/// <summary>
/// One line of the JSON log file as Serilog.Formatting.Compact's <c>CompactJsonFormatter</c> writes it:
/// <c>@t</c> timestamp, <c>@mt</c> template, <c>@l</c> level (absent for Information), <c>@x</c> exception,
/// <c>@r</c> renderings, <c>@tr</c>/<c>@sp</c> trace ids, and the properties at the top level (a property whose
/// name starts with <c>@</c> is written with a second <c>@</c>). The rendered message is not in the line: it is
/// rendered here from the template and the properties, as a reader of the file (e.g. <c>clef</c> tools) does.
/// </summary>
internal sealed record JsonLogLine(DateTimeOffset Timestamp, string Level, string MessageTemplate, string RenderedMessage,
    IReadOnlyDictionary<string, JsonElement> Properties, string? Exception)
{
    private static readonly MessageTemplateParser Parser = new();

    public static JsonLogLine Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.StartsWith("@@", StringComparison.Ordinal)) properties[property.Name[1..]] = property.Value.Clone();
            else if (!property.Name.StartsWith('@')) properties[property.Name] = property.Value.Clone();
        }
        var template = root.GetProperty("@mt").GetString()!;
        return new JsonLogLine(
            root.GetProperty("@t").GetDateTimeOffset(),
            root.TryGetProperty("@l", out var level) ? level.GetString()! : "Information",
            template,
            Render(template, properties),
            properties,
            root.TryGetProperty("@x", out var exception) ? exception.GetString() : null);
    }

    public string? Property(string name) =>
        Properties.TryGetValue(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    public override string ToString() => $"{Level} {Property("SourceContext")}: {RenderedMessage}";

    private static string Render(string template, Dictionary<string, JsonElement> properties)
    {
        var parsed = Parser.Parse(template);
        var values = properties.ToDictionary(p => p.Key, p => ToValue(p.Value), StringComparer.Ordinal);
        var text = new StringWriter(CultureInfo.InvariantCulture);
        parsed.Render(values, text, CultureInfo.InvariantCulture);
        return text.ToString();
    }

    private static LogEventPropertyValue ToValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => new ScalarValue(value.GetString()),
        JsonValueKind.Number when value.TryGetInt64(out var integer) => new ScalarValue(integer),
        JsonValueKind.Number => new ScalarValue(value.GetDouble()),
        JsonValueKind.True => new ScalarValue(true),
        JsonValueKind.False => new ScalarValue(false),
        JsonValueKind.Array => new SequenceValue(value.EnumerateArray().Select(ToValue)),
        JsonValueKind.Object => new StructureValue(
            value.EnumerateObject().Where(p => p.Name != "$type").Select(p => new LogEventProperty(p.Name, ToValue(p.Value))),
            value.TryGetProperty("$type", out var type) ? type.GetString() : null),
        _ => new ScalarValue(null),
    };
}
