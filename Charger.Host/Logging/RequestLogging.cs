using System.Collections;
using System.Diagnostics;
using Charger.Host.Security;

namespace Charger.Host.Logging;

/// <summary>
/// The request log: one line per request when its response has been sent (so it carries the status
/// that any outer middleware finally wrote): method, path, status, duration, request id, client
/// address and API key id. Never the query string (it may carry a token) nor any header: the key is
/// known only by its id. Probes and scrapes (<c>/health/live</c>, <c>/health/ready</c>, <c>/metrics</c>)
/// log at Debug, every other request at Information. The request id is
/// <see cref="HttpContext.TraceIdentifier"/>; the response carries it as <c>X-Request-Id</c> and every
/// line logged while the request runs (audit, errors) has it as the <c>RequestId</c> property.
/// </summary>
public static partial class RequestLogging
{
    public const string Category = "Charger.Http.Requests";

    public const string RequestIdHeader = "X-Request-Id";

    public const string Template =
        "HTTP {RequestMethod:l} {RequestPath:l} responded {StatusCode} in {ElapsedMs} ms (request {RequestId:l} from {ClientAddress:l}, key {KeyId:l})";

    private static readonly string[] QuietPaths = ["/health/live", "/health/ready", "/metrics"];

    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var requestId = context.TraceIdentifier;
            context.Response.OnStarting(static state =>
            {
                var c = (HttpContext)state;
                c.Response.Headers[RequestIdHeader] = c.TraceIdentifier;
                return Task.CompletedTask;
            }, context);
            context.Response.OnCompleted(() =>
            {
                Completed(logger, context, Stopwatch.GetElapsedTime(started));
                return Task.CompletedTask;
            });
            using (logger.BeginScope(new RequestScope(requestId)))
                await next(context);
        });
        return app;
    }

    private static void Completed(ILogger logger, HttpContext context, TimeSpan elapsed)
    {
        var request = context.Request;
        var level = IsQuiet(request.Path) ? LogLevel.Debug : LogLevel.Information;
        if (!logger.IsEnabled(level)) return;
        LogRequest(logger, level, request.Method, Printable(request.PathBase.Add(request.Path).Value ?? "/"), context.Response.StatusCode,
            Math.Round(elapsed.TotalMilliseconds, 2), context.TraceIdentifier, context.Connection.RemoteIpAddress?.ToString(),
            context.Identity()?.Id);
    }

    internal static bool IsQuiet(PathString path)
    {
        foreach (var quiet in QuietPaths)
            if (path.Equals(quiet, StringComparison.OrdinalIgnoreCase) || path.Equals(quiet + "/", StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    /// <summary>The decoded path with control characters escaped: a <c>%0A</c> in a URL must not forge a log line.</summary>
    internal static string Printable(string path)
    {
        if (!path.Any(char.IsControl)) return path;
        var text = new System.Text.StringBuilder(path.Length + 16);
        foreach (var c in path)
            text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        return text.ToString();
    }

    [LoggerMessage(EventId = 1, EventName = "Request", Message = Template)]
    private static partial void LogRequest(ILogger logger, LogLevel level, string requestMethod, string requestPath, int statusCode,
        double elapsedMs, string requestId, string? clientAddress, string? keyId);

    /// <summary>The logging scope of one request: <c>RequestId</c> on every line logged inside it.</summary>
    private sealed class RequestScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("RequestId", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => 1;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"RequestId:{requestId}";
    }
}
