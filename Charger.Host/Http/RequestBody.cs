using System.Text.Json;

namespace Charger.Host.Http;

/// <summary>
/// Reads a small JSON request body strictly and says exactly what is wrong: 415 for a body that is
/// not JSON, 400 for JSON that does not parse, 422 naming the field for a wrong type, a missing
/// field or a value out of range. Never throws for bad input.
/// </summary>
public sealed class RequestBody
{
    private readonly JsonElement _root;

    private RequestBody(JsonElement root) => _root = root;

    /// <summary>The body as a JSON object, or an error result. An empty body reads as <c>{}</c> when <paramref name="emptyIsObject"/>.</summary>
    public static async Task<(RequestBody? Body, IResult? Error)> ReadAsync(HttpRequest request, TimeProvider time, bool emptyIsObject)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length == 0)
            return emptyIsObject
                ? (new RequestBody(JsonDocument.Parse("{}").RootElement), null)
                : (null, ApiResponse.Error(422, ErrorCodes.ValidationFailed, "The request needs a JSON body.", time, new { field = "body" }));
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, ApiResponse.Error(415, ErrorCodes.UnsupportedMediaType, "Send the body as application/json.", time));
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object)
                return (null, ApiResponse.Error(422, ErrorCodes.ValidationFailed, "The body must be a JSON object.", time, new { field = "body" }));
            return (new RequestBody(root), null);
        }
        catch (JsonException e)
        {
            return (null, ApiResponse.Error(400, ErrorCodes.InvalidJson, $"The body is not valid JSON: {e.Message}", time));
        }
    }

    public JsonElement Root => _root;

    /// <summary>An optional string field; a non-string or an over-long value is a 422 naming it.</summary>
    public (string? Value, IResult? Error) OptionalString(string field, int maxLength, TimeProvider time)
    {
        if (!_root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return (null, null);
        if (value.ValueKind != JsonValueKind.String)
            return (null, Invalid(field, $"'{field}' must be a string.", time));
        var text = value.GetString()!;
        if (text.Length > maxLength) return (null, Invalid(field, $"'{field}' must be at most {maxLength} characters.", time));
        return (text, null);
    }

    /// <summary>A required whole number within <paramref name="min"/>..<paramref name="max"/>.</summary>
    public (int Value, IResult? Error) RequiredInt(string field, int min, int max, TimeProvider time)
    {
        if (!_root.TryGetProperty(field, out var value))
            return (0, Invalid(field, $"'{field}' is required: a whole number from {min} to {max}.", time));
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            return (0, Invalid(field, $"'{field}' must be a whole number from {min} to {max}.", time));
        if (number < min || number > max)
            return (0, Invalid(field, $"'{field}' must be from {min} to {max}, got {number}.", time));
        return (number, null);
    }

    private static IResult Invalid(string field, string message, TimeProvider time) =>
        ApiResponse.Error(422, ErrorCodes.ValidationFailed, message, time, new { field });
}
