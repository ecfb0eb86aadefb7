using System.Globalization;
using Charger.Actors.Subscribers;
using Charger.Host.Cluster;
using Charger.Host.Daemon;
using Charger.Host.Http;
using Charger.Host.Security;

namespace Charger.Host.Operations;

/// <summary>
/// Server-Sent Events: <c>GET /api/events</c> streams every charger's events and
/// <c>GET /api/chargers/{id}/events</c> one charger's, from the in-process
/// <see cref="ChargerEventHub"/>. A client resumes with the <c>Last-Event-ID</c> header (browsers'
/// EventSource sends it on reconnect) or, for a first connection, <c>?last_event_id=</c>; it gets the
/// kept events after that id, or a <c>gap</c> event and the whole window when the id was evicted.
/// Reads follow the read-route policy (a read key unless <c>http.public-reads</c>). A stream ends
/// when the client leaves or the host begins to stop, so it never holds up a shutdown.
/// </summary>
public static class EventStreamEndpoints
{
    public const string ContentType = "text/event-stream";
    public const string LastEventIdHeader = "Last-Event-ID";
    public const string LastEventIdQuery = "last_event_id";

    /// <summary>
    /// A comment line after this long without a write. There is no setting for it: 15 s is well inside
    /// the idle timeouts of common reverse proxies (nginx: 60 s) and costs a few bytes.
    /// </summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapEventStream(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Live events (Server-Sent Events)");
        group.MapGet("/events", (HttpContext c) => StreamAsync(c, null))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/chargers/{id}/events", (HttpContext c, string id) => StreamAsync(c, id))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        return app;
    }

    private static async Task StreamAsync(HttpContext context, string? requestedCharger)
    {
        var services = context.RequestServices;
        var runtime = services.GetRequiredService<ChargerRuntime>();
        if (!runtime.IsRunning)
        {
            await ApiResponse.WriteErrorAsync(context, 503, ErrorCodes.ShuttingDown, "The daemon is shutting down.");
            return;
        }
        string? chargerId = null;
        if (requestedCharger is not null)
        {
            if (runtime.Registry.TryGet(requestedCharger, out var handle))
            {
                chargerId = handle.Id; // events carry the configured spelling
            }
            else if (runtime.Site?.Locate(requestedCharger) is { } location)
            {
                chargerId = location.ChargerId; // another node's charger: its events reach this node's hub
            }
            else
            {
                await ApiResponse.WriteErrorAsync(context, 404, ErrorCodes.UnknownCharger, $"There is no charger '{requestedCharger}'.");
                return;
            }
        }
        if (!TryReadLastEventId(context.Request, out var lastEventId, out var position, out var source, out var problem))
        {
            await ApiResponse.WriteErrorAsync(context, 400, ErrorCodes.ValidationFailed,
                $"{source} must be the id of an event: a whole number of at least 0, or a site stream's charger:sequence list ({problem}).",
                new { field = source });
            return;
        }

        // Subscribed before the response starts: once a client has the headers, it misses nothing. A site cluster's
        // stream (and one resumed from a site stream's id) numbers events by charger, so any node can resume it.
        EventHubSubscription subscription;
        EventResumePlan? resume = null;
        if (position is not null)
        {
            subscription = runtime.Hub.SubscribeLive(out _, chargerId);
            try
            {
                resume = await SiteEventReplay.PlanAsync(runtime.Hub, runtime.Site, runtime.System, position, chargerId, context.RequestAborted);
            }
            catch
            {
                subscription.Dispose();
                throw;
            }
        }
        else if (runtime.Site is not null && lastEventId is null)
        {
            subscription = runtime.Hub.SubscribeLive(out var now, chargerId);
            resume = EventResumePlan.StartingAt(now);
        }
        else
        {
            // A hub id: this node's own numbering, as a single host has always written it.
            subscription = runtime.Hub.Subscribe(lastEventId);
            if (runtime.Site is not null) resume = EventResumePlan.StartingAt(EventPosition.Empty);
        }
        using var reading = subscription;
        var response = context.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx would otherwise hold events back
        await response.StartAsync(context.RequestAborted);
        await response.BodyWriter.FlushAsync(context.RequestAborted);

        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var metrics = services.GetRequiredService<ChargerMetrics>();
        var stream = new EventStream(subscription, response.BodyWriter, services.GetRequiredService<TimeProvider>(), KeepAliveInterval,
            chargerId, metrics.RecordStreamDropped, resume);
        await stream.RunAsync(lastEventId, stop.Token);
    }

    /// <summary>
    /// The header wins over the query: a browser reconnecting sends the newer id in the header. An id is either a hub id
    /// (a whole number: a single host's stream) or an <see cref="EventPosition"/> (a site stream's); anything else is a 400,
    /// as a malformed id always was: treating it as "no id" would silently skip what the client missed.
    /// </summary>
    internal static bool TryReadLastEventId(HttpRequest request, out long? id, out EventPosition? position, out string source, out string problem)
    {
        id = null;
        position = null;
        problem = "";
        source = LastEventIdHeader;
        var text = request.Headers[LastEventIdHeader].ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            source = LastEventIdQuery;
            text = request.Query[LastEventIdQuery].ToString();
            if (string.IsNullOrWhiteSpace(text)) return true;
        }
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!EventPosition.TryParse(text, out var parsedPosition, out problem)) return false;
            position = parsedPosition;
            return true;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            problem = $"got '{(text.Length > 40 ? text[..40] + "..." : text)}'";
            return false;
        }
        id = parsed;
        return true;
    }
}
