using System.Text.Json;

namespace Charger.Tests.Host.Logging;

/// <summary>One line of the JSON log file as Serilog's <c>JsonFormatter(renderMessage: true)</c> writes it.</summary>
internal sealed record JsonLogLine(DateTimeOffset Timestamp, string Level, string MessageTemplate, string RenderedMessage, JsonElement Properties)
{
    public static JsonLogLine Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        return new JsonLogLine(
            root.GetProperty("Timestamp").GetDateTimeOffset(),
            root.GetProperty("Level").GetString()!,
            root.GetProperty("MessageTemplate").GetString()!,
            root.GetProperty("RenderedMessage").GetString()!,
            root.GetProperty("Properties").Clone());
    }

    public string? Property(string name) =>
        Properties.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    public override string ToString() => $"{Level} {Property("SourceContext")}: {RenderedMessage}";
}
