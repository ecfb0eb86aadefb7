using System.Globalization;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Queries;
using Charger.Host.Daemon;
using Charger.Host.Security;

namespace Charger.Host.Http;

/// <summary>
/// The predecessor's session routes (PREDECESSOR.md 3.2) for the default charger under <c>/api/sessions</c>,
/// and for every charger under <c>/api/chargers/{id}/sessions</c>. They read the session query table,
/// which the session actors' journal writes keep up to date, so no request waits on an actor or a charger.
/// </summary>
public static class SessionApi
{
    private static readonly string StatusNames = string.Join(", ", Enum.GetNames<SessionStatus>().Select(n => n.ToUpperInvariant()));

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        MapSessionRoutes(app.MapGroup("/api/sessions").WithTags("Sessions of the default charger"), legacyRoutes: true);
        MapSessionRoutes(app.MapGroup("/api/chargers/{id}/sessions").WithTags("Sessions by charger"), legacyRoutes: false);
        return app;
    }

    private static void MapSessionRoutes(RouteGroupBuilder group, bool legacyRoutes)
    {
        group.MapGet("", (HttpContext c, CancellationToken ct) => ListAsync(c, legacyRoutes, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/current", (HttpContext c, CancellationToken ct) => CurrentAsync(c, legacyRoutes, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/count/stats", (HttpContext c, CancellationToken ct) => StatsAsync(c, legacyRoutes, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/{sessionId}", (HttpContext c, string sessionId, CancellationToken ct) => GetAsync(c, legacyRoutes, sessionId, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/{sessionId}/events", (HttpContext c, string sessionId, CancellationToken ct) => EventsAsync(c, legacyRoutes, sessionId, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
    }

    private static TimeProvider Time(HttpContext context) => context.RequestServices.GetRequiredService<TimeProvider>();

    private static ISessionQueries Queries(HttpContext context) => context.RequestServices.GetRequiredService<ChargerRuntime>().Sessions;

    /// <summary>The charger the route means (the default one for the predecessor's routes), or the 404 for an unknown id.</summary>
    private static (string? ChargerId, IResult? Error) Charger(HttpContext context, bool legacyRoute)
    {
        var registry = context.RequestServices.GetRequiredService<ChargerRuntime>().Registry;
        if (legacyRoute) return (registry.Default?.Id, null);
        var id = context.GetRouteValue("id") as string;
        return id is not null && registry.TryGet(id, out var handle)
            ? (handle.Id, null)
            : (null, ApiResponse.Error(404, ErrorCodes.UnknownCharger, $"There is no charger '{id}'.", Time(context)));
    }

    private static async Task<IResult> ListAsync(HttpContext context, bool legacyRoute, CancellationToken cancellationToken)
    {
        var time = Time(context);
        var (chargerId, error) = Charger(context, legacyRoute);
        if (error is not null) return error;
        var query = context.Request.Query;
        var (limit, limitError) = Integer(query["limit"], "limit", SessionFilter.DefaultLimit, 1, SessionFilter.MaxLimit, time);
        if (limitError is not null) return limitError;
        var (offset, offsetError) = Integer(query["offset"], "offset", 0, 0, int.MaxValue, time);
        if (offsetError is not null) return offsetError;
        SessionStatus? status = null;
        if (query["status"].ToString() is { Length: > 0 } statusText)
        {
            if (!Enum.TryParse<SessionStatus>(statusText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(statusText, out _))
                return Invalid("status", $"status must be one of {StatusNames}, got '{statusText}'.", time);
            status = parsed;
        }
        var userId = query["user_id"].ToString() is { Length: > 0 } user ? user : null;
        if (userId is { Length: > 128 }) return Invalid("user_id", "user_id is at most 128 characters.", time);

        var page = await Queries(context).ListAsync(new SessionFilter(chargerId!, status, userId, limit, offset), cancellationToken);
        var now = time.GetUtcNow();
        return ApiResponse.Ok($"{page.Sessions.Count} of {page.TotalCount} sessions", new
        {
            sessions = page.Sessions.Select(s => SessionJson.From(s, now)).ToList(),
            total_count = page.TotalCount,
            limit,
            offset,
            has_more = offset + page.Sessions.Count < page.TotalCount,
        }, time);
    }

    private static async Task<IResult> CurrentAsync(HttpContext context, bool legacyRoute, CancellationToken cancellationToken)
    {
        var time = Time(context);
        var (chargerId, error) = Charger(context, legacyRoute);
        if (error is not null) return error;
        var queries = Queries(context);
        var current = await queries.CurrentAsync(chargerId!, cancellationToken);
        if (current is null) return ApiResponse.Ok("No active session", new { session = (object?)null }, time);
        var events = await queries.EventsAsync(chargerId!, current.SessionId, cancellationToken);
        return ApiResponse.Ok("Active session", new { session = SessionJson.From(current, time.GetUtcNow(), events) }, time);
    }

    private static async Task<IResult> GetAsync(HttpContext context, bool legacyRoute, string sessionId, CancellationToken cancellationToken)
    {
        var time = Time(context);
        var (chargerId, error) = Charger(context, legacyRoute);
        if (error is not null) return error;
        var queries = Queries(context);
        var session = await queries.GetAsync(chargerId!, sessionId, cancellationToken);
        if (session is null) return NotFound(sessionId, time);
        var events = await queries.EventsAsync(chargerId!, sessionId, cancellationToken);
        return ApiResponse.Ok("Session retrieved", new { session = SessionJson.From(session, time.GetUtcNow(), events) }, time);
    }

    private static async Task<IResult> EventsAsync(HttpContext context, bool legacyRoute, string sessionId, CancellationToken cancellationToken)
    {
        var time = Time(context);
        var (chargerId, error) = Charger(context, legacyRoute);
        if (error is not null) return error;
        var events = await Queries(context).EventsAsync(chargerId!, sessionId, cancellationToken);
        if (events is null) return NotFound(sessionId, time);
        return ApiResponse.Ok($"{events.Count} events", new
        {
            session_id = sessionId,
            events = events.Select(SessionJson.From).ToList(),
            count = events.Count,
        }, time);
    }

    private static async Task<IResult> StatsAsync(HttpContext context, bool legacyRoute, CancellationToken cancellationToken)
    {
        var time = Time(context);
        var (chargerId, error) = Charger(context, legacyRoute);
        if (error is not null) return error;
        var stats = await Queries(context).StatsAsync(chargerId!, cancellationToken);
        return ApiResponse.Ok("Session counts", new
        {
            stats = new { total = stats.Total, active = stats.Active, completed = stats.Completed, cancelled = stats.Cancelled, faulted = stats.Faulted },
        }, time);
    }

    private static IResult NotFound(string sessionId, TimeProvider time) =>
        ApiResponse.Error(404, ErrorCodes.NotFound, $"There is no session '{sessionId}'.", time);

    private static (int Value, IResult? Error) Integer(string? text, string field, int fallback, int min, int max, TimeProvider time)
    {
        if (string.IsNullOrEmpty(text)) return (fallback, null);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            return (0, Invalid(field, max == int.MaxValue
                ? $"{field} must be a whole number of at least {min}, got '{text}'."
                : $"{field} must be a whole number from {min} to {max}, got '{text}'.", time));
        return (value, null);
    }

    private static IResult Invalid(string field, string message, TimeProvider time) =>
        ApiResponse.Error(400, ErrorCodes.ValidationFailed, message, time, new { field });
}
