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
/// On a node of a site cluster, whose nodes share one PostgreSQL, the predecessor's lists (<c>/api/sessions</c> and
/// <c>/api/sessions/users/{user_id}/sessions</c>) are the whole site's, and <c>/api/sessions/{session_id}</c> finds a listed
/// session whichever charger it belongs to; the other legacy routes stay the default charger's.
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
        group.MapGet("", (HttpContext c, CancellationToken ct) => ListAsync(c, legacyRoutes, null, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/current", (HttpContext c, CancellationToken ct) => CurrentAsync(c, legacyRoutes, null, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/count/stats", (HttpContext c, CancellationToken ct) => StatsAsync(c, legacyRoutes, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/users/{userId}/sessions", (HttpContext c, string userId, CancellationToken ct) => ListAsync(c, legacyRoutes, userId, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/users/{userId}/current", (HttpContext c, string userId, CancellationToken ct) => CurrentAsync(c, legacyRoutes, userId, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/{sessionId}", (HttpContext c, string sessionId, CancellationToken ct) => GetAsync(c, legacyRoutes, sessionId, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/{sessionId}/events", (HttpContext c, string sessionId, CancellationToken ct) => EventsAsync(c, legacyRoutes, sessionId, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/{sessionId}/metrics", (HttpContext c, string sessionId, CancellationToken ct) => MetricsAsync(c, legacyRoutes, sessionId, ct))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
    }

    /// <summary>
    /// The predecessor's session routes answered <c>{"success":true, &lt;fields&gt;}</c> with the fields at the top
    /// level (PREDECESSOR.md 3.2), not in our envelope's <c>data</c>; its apps read them there. The
    /// <c>/api/chargers/{id}/...</c> routes keep the envelope with a message and a timestamp.
    /// </summary>
    private static IResult Reply(bool legacyRoute, string message, Dictionary<string, object?> fields, TimeProvider time)
    {
        if (!legacyRoute) return ApiResponse.Ok(message, fields, time);
        var body = new Dictionary<string, object?> { ["success"] = true };
        foreach (var (key, value) in fields) body[key] = value;
        return Results.Json(body, ApiJson.Options);
    }

    private static bool IsSiteNode(HttpContext context) => context.RequestServices.GetRequiredService<ChargerRuntime>().Site is not null;

    /// <summary>
    /// The charger whose session <paramref name="sessionId"/> is: the route's charger; on a site node's legacy route, which
    /// lists the whole site, the first charger of the site (the default one first) that has a session with that id.
    /// </summary>
    private static async Task<string> SessionChargerAsync(HttpContext context, bool legacyRoute, string chargerId, string sessionId,
        CancellationToken cancellationToken)
    {
        var site = context.RequestServices.GetRequiredService<ChargerRuntime>().Site;
        if (!legacyRoute || site is null) return chargerId;
        var queries = Queries(context);
        foreach (var candidate in site.Chargers.Select(l => l.ChargerId).Prepend(chargerId).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await queries.GetAsync(candidate, sessionId, cancellationToken) is not null) return candidate;
        }
        return chargerId;
    }

    private static TimeProvider Time(HttpContext context) => context.RequestServices.GetRequiredService<TimeProvider>();

    private static ISessionQueries Queries(HttpContext context) => context.RequestServices.GetRequiredService<ChargerRuntime>().Sessions;

    private static Actors.Alerts.ClockSyncLog Clock(HttpContext context) => context.RequestServices.GetRequiredService<ChargerRuntime>().ClockSync;

    /// <summary>The charger the route means (the default one for the predecessor's routes), or the 404 for an unknown id.</summary>
    private static (string? ChargerId, IResult? Error) Charger(HttpContext context, bool legacyRoute)
    {
        var runtime = context.RequestServices.GetRequiredService<ChargerRuntime>();
        var registry = runtime.Registry;
        if (legacyRoute) return (registry.Default?.Id, null);
        var id = context.GetRouteValue("id") as string;
        if (id is not null && registry.TryGet(id, out var handle)) return (handle.Id, null);
        // A site cluster's sessions are all in the shared journal: any node answers for any charger of the site.
        if (id is not null && runtime.Site?.Locate(id) is { } location) return (location.ChargerId, null);
        return (null, ApiResponse.Error(404, ErrorCodes.UnknownCharger, $"There is no charger '{id}'.", Time(context)));
    }

    /// <param name="userRoute">The user of <c>/users/{user_id}/sessions</c>: as the predecessor did, without a status filter its open sessions are left out (and from the count).</param>
    private static async Task<IResult> ListAsync(HttpContext context, bool legacyRoute, string? userRoute, CancellationToken cancellationToken)
    {
        var time = Time(context);
        var (chargerId, error) = Charger(context, legacyRoute);
        if (error is not null) return error;
        if (legacyRoute && IsSiteNode(context)) chargerId = null; // every charger of the site
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
        var userId = userRoute ?? (query["user_id"].ToString() is { Length: > 0 } user ? user : null);
        if (userId is { Length: > 128 }) return Invalid("user_id", "user_id is at most 128 characters.", time);

        var queries = Queries(context);
        IReadOnlyList<SessionSummary> sessions;
        long totalCount;
        if (userRoute is not null && status is null)
        {
            // Ended sessions only: read past the user's open ones (at most one per charger), then page.
            var open = await queries.ListAsync(new SessionFilter(chargerId, SessionStatus.Active, userId, SessionFilter.MaxLimit), cancellationToken);
            var page = await queries.ListAsync(new SessionFilter(chargerId, null, userId, Math.Min(SessionFilter.MaxLimit, limit + open.Sessions.Count), offset), cancellationToken);
            sessions = [.. page.Sessions.Where(s => s.Status != SessionStatus.Active).Take(limit)];
            totalCount = page.TotalCount - open.TotalCount;
        }
        else
        {
            var page = await queries.ListAsync(new SessionFilter(chargerId, status, userId, limit, offset), cancellationToken);
            (sessions, totalCount) = (page.Sessions, page.TotalCount);
        }
        var now = time.GetUtcNow();
        var fields = new Dictionary<string, object?>
        {
            ["sessions"] = sessions.Select(s => SessionJson.From(s, now, clock: Clock(context))).ToList(),
            ["total_count"] = totalCount,
            ["limit"] = limit,
            ["offset"] = offset,
            ["has_more"] = offset + sessions.Count < totalCount,
        };
        if (userRoute is not null) fields["user_id"] = userRoute;
        return Reply(legacyRoute, $"{sessions.Count} of {totalCount} sessions", fields, time);
    }

    /// <param name="userRoute">The user of <c>/users/{user_id}/current</c>: the open session only if it is theirs.</param>
    private static async Task<IResult> CurrentAsync(HttpContext context, bool legacyRoute, string? userRoute, CancellationToken cancellationToken)
    {
        var time = Time(context);
        var (chargerId, error) = Charger(context, legacyRoute);
        if (error is not null) return error;
        var queries = Queries(context);
        var current = await queries.CurrentAsync(chargerId!, cancellationToken);
        if (current is not null && userRoute is not null && current.UserId != userRoute) current = null;
        if (current is null)
            return Reply(legacyRoute, NoActiveSession, new Dictionary<string, object?> { ["session"] = null, ["message"] = NoActiveSession }, time);
        var events = await queries.EventsAsync(chargerId!, current.SessionId, cancellationToken);
        return Reply(legacyRoute, "Active session", new Dictionary<string, object?> { ["session"] = SessionJson.From(current, time.GetUtcNow(), events, Clock(context)) }, time);
    }

    private const string NoActiveSession = "No active session";

    private static async Task<IResult> GetAsync(HttpContext context, bool legacyRoute, string sessionId, CancellationToken cancellationToken)
    {
        var time = Time(context);
        var (chargerId, error) = Charger(context, legacyRoute);
        if (error is not null) return error;
        chargerId = await SessionChargerAsync(context, legacyRoute, chargerId!, sessionId, cancellationToken);
        var queries = Queries(context);
        var session = await queries.GetAsync(chargerId!, sessionId, cancellationToken);
        if (session is null) return NotFound(sessionId, time);
        var events = await queries.EventsAsync(chargerId!, sessionId, cancellationToken);
        return Reply(legacyRoute, "Session retrieved", new Dictionary<string, object?> { ["session"] = SessionJson.From(session, time.GetUtcNow(), events, Clock(context)) }, time);
    }

    private static async Task<IResult> EventsAsync(HttpContext context, bool legacyRoute, string sessionId, CancellationToken cancellationToken)
    {
        var time = Time(context);
        var (chargerId, error) = Charger(context, legacyRoute);
        if (error is not null) return error;
        chargerId = await SessionChargerAsync(context, legacyRoute, chargerId!, sessionId, cancellationToken);
        var events = await Queries(context).EventsAsync(chargerId!, sessionId, cancellationToken);
        if (events is null) return NotFound(sessionId, time);
        return Reply(legacyRoute, $"{events.Count} events", new Dictionary<string, object?>
        {
            ["session_id"] = sessionId,
            ["events"] = events.Select(SessionJson.From).ToList(),
            ["count"] = events.Count,
        }, time);
    }

    private static async Task<IResult> StatsAsync(HttpContext context, bool legacyRoute, CancellationToken cancellationToken)
    {
        var time = Time(context);
        var (chargerId, error) = Charger(context, legacyRoute);
        if (error is not null) return error;
        var stats = await Queries(context).StatsAsync(chargerId!, cancellationToken);
        return Reply(legacyRoute, "Session counts", new Dictionary<string, object?>
        {
            ["stats"] = new { total = stats.Total, active = stats.Active, completed = stats.Completed, cancelled = stats.Cancelled, faulted = stats.Faulted },
        }, time);
    }

    /// <summary>
    /// The predecessor's per-session metrics, with every key it had. Only what we know is filled in: its power,
    /// current, voltage and energy figures were arithmetic on a cable rating and an ADC count (PREDECESSOR.md 4.2),
    /// so they are null (as the predecessor's own "missing values") until a meter exists; energy is the session's
    /// metered energy when there is one.
    /// </summary>
    private static async Task<IResult> MetricsAsync(HttpContext context, bool legacyRoute, string sessionId, CancellationToken cancellationToken)
    {
        var time = Time(context);
        var (chargerId, error) = Charger(context, legacyRoute);
        if (error is not null) return error;
        chargerId = await SessionChargerAsync(context, legacyRoute, chargerId!, sessionId, cancellationToken);
        var session = await Queries(context).GetAsync(chargerId!, sessionId, cancellationToken);
        if (session is null) return NotFound(sessionId, time);
        var metrics = new Dictionary<string, object?>
        {
            ["session_id"] = session.SessionId,
            ["duration_seconds"] = (long)session.DurationSeconds(time.GetUtcNow()),
            ["charging_duration_seconds"] = null,
            ["idle_duration_seconds"] = null,
            ["total_energy_kwh"] = session.EnergyKwh,
            ["start_energy_kwh"] = session.MeterStartWh / 1000,
            ["end_energy_kwh"] = session.MeterStopWh / 1000,
        };
        foreach (var quantity in new[] { "power_kw", "current_a", "voltage_v" })
        {
            foreach (var aggregate in new[] { "max", "avg", "min" }) metrics[$"{aggregate}_{quantity}"] = null;
            if (quantity == "current_a") metrics["set_current_a"] = null;
        }
        metrics["event_count"] = session.EventCount;
        return Reply(legacyRoute, "Session metrics", new Dictionary<string, object?> { ["metrics"] = metrics }, time);
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
