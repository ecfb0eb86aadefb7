using System.Buffers;
using System.Text.Json;

namespace Charger.Host.Http;

/// <summary>
/// A JSON response as <c>Results.Json</c> writes it (same serializer options, status code and content type), encoded
/// into a per-thread buffer and sent with its length in one write. Issue 19: <c>Results.Json</c> made a logger per
/// response (Serilog's logger factory does not cache them), wrote the body chunked and flushed it separately from the
/// chunked terminator.
/// </summary>
public sealed class ApiJsonResult(object? value, int statusCode = StatusCodes.Status200OK)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IContentTypeHttpResult
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>A thread keeps a buffer up to this size between responses; a larger one (a long list) is let go.</summary>
    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;
    [ThreadStatic] private static Utf8JsonWriter? _json;

    public object? Value => value;

    int? IStatusCodeHttpResult.StatusCode => statusCode;

    string IContentTypeHttpResult.ContentType => ContentType;

    public Task ExecuteAsync(HttpContext httpContext) =>
        WriteAsync(httpContext, statusCode, value, static (_, json, value) => JsonSerializer.Serialize(json, value, ApiJson.Options));

    /// <summary>
    /// Runs <paramref name="write"/> on this thread's buffer and JSON writer (reset for it) and sends what it wrote.
    /// Synchronous up to the copy into the response's pipe, so the buffer is free again when this returns.
    /// </summary>
    internal static Task WriteAsync<TState>(HttpContext httpContext, int statusCode, TState state, Action<ArrayBufferWriter<byte>, Utf8JsonWriter, TState> write)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(2048);
        var json = _json ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder, MaxDepth = ApiJson.Options.MaxDepth });
        buffer.ResetWrittenCount();
        try
        {
            json.Reset(buffer);
            write(buffer, json, state);
            json.Flush();
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = ContentType;
            response.ContentLength = buffer.WrittenCount;
            response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes) (_buffer, _json) = (null, null);
            else json.Reset(buffer); // an exception may have left it mid-document
        }
        return Task.CompletedTask;
    }
}
