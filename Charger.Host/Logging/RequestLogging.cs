using Charger.Host.Security;
using Microsoft.AspNetCore.Routing;
using Serilog;
using Serilog.AspNetCore;
using Serilog.Events;

namespace Charger.Host.Logging;

/// <summary>
/// The request log, through Serilog.AspNetCore's request-logging middleware: one line per request once the
/// pipeline inside it has returned (it sits outside the error middleware, so the line carries the status
/// the client gets): method, route template, status, elapsed time, request id, client address, and the
/// API key's id and role, never the key. Never the query string (it may carry a token) nor any header.
/// Probes and scrapes (<c>/health/live</c>, <c>/health/ready</c>, <c>/metrics</c>) log at Debug, and so do
/// reads of the live state that apps and dashboards poll (<c>GET /api/status</c>, <c>/api/health</c>,
/// <c>/api/chargers/{id}/status</c>): a phone polling every second would write 86,400 lines a day to the Pi's
/// SD card, and writing the line costs about as much as answering (bench/RESULTS.md, issue 19). Every other
/// request logs at Information, and so does a polled read the security layer refused (401, 403, 429: a wrong key
/// is worth seeing; a 503 while the link is down is not, the link's own log lines and alerts say it once). The request id is <see cref="HttpContext.TraceIdentifier"/>; the response
/// carries it as <c>X-Request-Id</c>, and ASP.NET Core's hosting scope puts it as <c>RequestId</c> on every
/// line logged while the request runs (audit, errors).
/// </summary>
public static class RequestLogging
{
    /// <summary>The middleware's own logger category (its <c>SourceContext</c>).</summary>
    public const string Category = "Serilog.AspNetCore.RequestLoggingMiddleware";

    public const string RequestIdHeader = "X-Request-Id";

    public const string Template =
        "HTTP {RequestMethod:l} {Route:l} responded {StatusCode} in {Elapsed:0.00} ms (request {RequestId:l} from {ClientAddress:l}, key {KeyId:l}, role {Role:l})";

    // With and without the trailing slash, spelled out: no string is built per request to compare.
    private static readonly string[] QuietPaths = ["/health/live", "/health/ready", "/metrics", "/health/live/", "/health/ready/", "/metrics/"];

    /// <summary>Route templates of the live-state reads that clients poll.</summary>
    private static readonly HashSet<string> PolledReads = new(StringComparer.OrdinalIgnoreCase)
    {
        "/api/status", "/api/health", "/api/chargers/{id}/status",
    };

    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var c = (HttpContext)state;
                c.Response.Headers[RequestIdHeader] = c.TraceIdentifier;
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app.UseSerilogRequestLogging(o =>
        {
            // The app's own logger, not the static Log.Logger: tests run several daemons in one process.
            o.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            o.MessageTemplate = Template;
            o.IncludeQueryInRequestPath = false;
            o.GetLevel = (context, _, _) => IsQuiet(context.Request.Path) || IsPolledRead(context)
                ? LogEventLevel.Debug
                : LogEventLevel.Information;
            o.EnrichDiagnosticContext = Enrich;
        });
    }

    private static void Enrich(IDiagnosticContext diagnostics, HttpContext context)
    {
        var identity = context.Identity(); // set by the security middleware, inside this one
        diagnostics.Set("Route", (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? Printable(context.Request.Path.Value ?? "/"));
        diagnostics.Set("RequestId", context.TraceIdentifier);
        diagnostics.Set("ClientAddress", context.Connection.RemoteIpAddress?.ToString());
        diagnostics.Set("KeyId", identity?.Id);
        diagnostics.Set("Role", identity?.Role.ToString());
    }

    internal static bool IsPolledRead(HttpContext context) =>
        context.Response.StatusCode is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status429TooManyRequests)
        && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route }
        && PolledReads.Contains(route);

    internal static bool IsQuiet(PathString path)
    {
        foreach (var quiet in QuietPaths)
            if (path.Equals(quiet, StringComparison.OrdinalIgnoreCase))
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
}
