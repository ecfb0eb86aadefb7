using Charger.Actors.Protocol;
using Newtonsoft.Json;

namespace Charger.Host.Cluster;

/// <summary>
/// Lets Akka's JSON serializer (the one remoting uses for our messages) carry <see cref="FrameFields"/>, a read-only
/// list it cannot rebuild on its own: written as an array of {Key, Value}. Registered in
/// <c>akka.actor.serialization-settings.json.converters</c> in cluster mode.
/// </summary>
public sealed class FrameFieldsJsonConverter : JsonConverter<FrameFields>
{
    public override void WriteJson(JsonWriter writer, FrameFields? value, JsonSerializer serializer)
    {
        writer.WriteStartArray();
        foreach (var field in value ?? FrameFields.Empty)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("Key");
            writer.WriteValue(field.Key);
            writer.WritePropertyName("Value");
            writer.WriteValue(field.Value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public override FrameFields? ReadJson(JsonReader reader, Type objectType, FrameFields? existingValue, bool hasExistingValue, JsonSerializer serializer)
    {
        if (reader.TokenType == JsonToken.Null) return FrameFields.Empty;
        var fields = new List<Esp32Field>();
        string? key = null, value = null;
        while (reader.Read() && reader.TokenType != JsonToken.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonToken.StartObject:
                    key = value = null;
                    break;
                case JsonToken.PropertyName when (string?)reader.Value == "Key":
                    key = reader.ReadAsString();
                    break;
                case JsonToken.PropertyName when (string?)reader.Value == "Value":
                    value = reader.ReadAsString();
                    break;
                case JsonToken.PropertyName:
                    reader.Skip();
                    break;
                case JsonToken.EndObject when key is not null && value is not null:
                    fields.Add(new Esp32Field(key, value));
                    break;
            }
        }
        return FrameFields.Of(fields);
    }
}
