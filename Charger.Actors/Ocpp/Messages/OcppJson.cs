using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Charger.Actors.Ocpp.Messages;

/// <summary>
/// How OCPP 1.6 payloads are written and read: camelCase names, absent (never null) optional fields (the schemas
/// forbid additional properties and nulls), and date-times as RFC 3339 UTC with milliseconds, which the schemas'
/// <c>date-time</c> format accepts.
/// </summary>
public static class OcppJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            Converters = { new DateTimeConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static JsonObject ToPayload<T>(T value) => (JsonObject)JsonSerializer.SerializeToNode(value, Options)!;

    /// <exception cref="JsonException">The payload does not read as <typeparamref name="T"/>.</exception>
    public static T FromPayload<T>(JsonObject payload) =>
        payload.Deserialize<T>(Options) ?? throw new JsonException($"the payload is not a {typeof(T).Name}");

    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private sealed class DateTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Format(value));
    }
}
