using Charger.Actors.Charging;
using Charger.Actors.Serial;
using Akka.Actor;
using Akka.Hosting;
using Charger.Host.Cluster;
using Charger.Host.Daemon;
using Charger.Host.Gateway;
using Charger.Host.Logging;
using Charger.Host.Operations;
using Charger.Host.Security;

namespace Charger.Host.Http;

/// <summary>
/// The charger endpoints: the predecessor's routes for the default charger (<c>/api/status</c>,
/// <c>/api/charge/start</c> ...) and the same under <c>/api/chargers/{id}</c> for every charger.
/// Requests reach the charger through the <see cref="HttpGatewayActor"/>; nothing here waits on
/// the serial line except through the charger's own command actor and its timeouts.
/// </summary>
public static class ChargerApi
{
    /// <summary>Longest a request waits for a charger: the command's own timeouts answer well before this.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public static IEndpointRouteBuilder MapChargerApi(this IEndpointRouteBuilder app)
    {
        var legacy = app.MapGroup("/api").WithTags("Default charger (predecessor's routes)");
        MapChargerRoutes(legacy, legacyRoutes: true);
        legacy.MapGet("/station/info", StationInfoStore.GetAsync).RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        legacy.MapPost("/station/info", StationInfoStore.PostAsync).RequireRole(ApiRole.Control).RequireRateLimiting(ApiSecurity.ControlPolicy);
        legacy.MapGet("/chargers", (HttpContext c, CancellationToken _) => ListAsync(c)).RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);

        var byId = app.MapGroup("/api/chargers/{id}").WithTags("Chargers by id");
        MapChargerRoutes(byId, legacyRoutes: false);
        byId.MapGet("", (HttpContext c, CancellationToken _) => ChargerAsync(c, (string)c.GetRouteValue("id")!))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        return app;
    }

    private static void MapChargerRoutes(RouteGroupBuilder group, bool legacyRoutes)
    {
        group.MapGet("/status", (HttpContext c, CancellationToken _) => StatusAsync(c, ChargerId(c, legacyRoutes)))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapGet("/current/available", (TimeProvider time) => ApiResponse.Ok("Available current range", CurrentRange, time))
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        group.MapPost("/charge/start", (HttpContext c, CancellationToken _) => CommandAsync(c, legacyRoutes, body =>
            {
                var (user, error) = body.OptionalString("user_id", 128, Time(c));
                return (error is null ? new StartCharging(user) : null, error);
            }))
            .RequireRole(ApiRole.Control).RequireRateLimiting(ApiSecurity.ControlPolicy);
        group.MapPost("/charge/stop", (HttpContext c, CancellationToken _) => CommandAsync(c, legacyRoutes, _ => (new StopCharging(), null)))
            .RequireRole(ApiRole.Control).RequireRateLimiting(ApiSecurity.ControlPolicy);
        group.MapPost("/maxcurrent", (HttpContext c, CancellationToken _) => CommandAsync(c, legacyRoutes, body =>
            {
                var (amps, error) = body.RequiredInt("amperage", SetMaxCurrent.MinAmps, SetMaxCurrent.MaxAmps, Time(c));
                return (error is null ? new SetMaxCurrent(amps) : null, error);
            }, emptyIsObject: false))
            .RequireRole(ApiRole.Control).RequireRateLimiting(ApiSecurity.ControlPolicy);
    }

    private static readonly object CurrentRange = new
    {
        range = "6-32 A",
        min = SetMaxCurrent.MinAmps,
        max = SetMaxCurrent.MaxAmps,
        unit = "A",
        recommended = 16,
        common_values = new[] { 6, 10, 13, 16, 20, 25, 32 },
        note = "Set while no charge is in progress (state IDLE); the cable's rating also limits the current.",
    };

    private static string? ChargerId(HttpContext context, bool legacyRoute) =>
        legacyRoute ? null : context.GetRouteValue("id") as string;

    private static TimeProvider Time(HttpContext context) => context.RequestServices.GetRequiredService<TimeProvider>();

    private static Task<IResult> StatusAsync(HttpContext context, string? chargerId)
    {
        var time = Time(context);
        var runtime = context.RequestServices.GetRequiredService<ChargerRuntime>();
        if (!runtime.IsRunning) return Task.FromResult(ApiResponse.Error(503, ErrorCodes.ShuttingDown, "The daemon is shutting down.", time));
        var handle = chargerId is null ? runtime.Registry.Default : runtime.Registry.TryGet(chargerId, out var found) ? found : null;
        if (handle is null && RemoteLocation(runtime, chargerId) is not null)
            return RemoteStatusAsync(context, chargerId!);
        if (handle is null)
            return Task.FromResult(ApiResponse.Error(404, ErrorCodes.UnknownCharger, $"There is no charger '{chargerId}'.", time));
        // What the tracker publishes (its status monitor) and the link monitor, read without an Ask per request (issue 19).
        var status = handle.Status.Last;
        var freshness = handle.Status.Freshness;
        var link = handle.Link.Current;
        if (link is not { IsUp: true } || status is null) return Task.FromResult(StatusUnavailable(handle, status, freshness, link, time));
        // The common case, polled by apps and dashboards: the snapshot's body is encoded once, not per request (StatusBody).
        return Task.FromResult(StatusBody.Ok(handle, status, freshness, linkUp: true, time.GetUtcNow()));
    }

    /// <summary>A charger of this node whose link is down (with the last status, if any) or that has no status yet: 503.</summary>
    private static IResult StatusUnavailable(Actors.Station.ChargerHandle handle, ChargerStatus? status, StatusFreshness freshness, LinkState link, TimeProvider time)
    {
        if (link is { IsUp: true })
            return ApiResponse.Error(503, ErrorCodes.NoStatus, "No status has arrived from the ESP32 yet.", time);
        Dictionary<string, object?>? data = null;
        if (status is not null)
        {
            data = StatusData.From(handle.Id, new StateTrackerActor.CurrentStatus(status, freshness, link), time.GetUtcNow());
            data["meter"] = MeterData.From(handle.Meter, time.GetUtcNow());
        }
        return ApiResponse.Error(503, ErrorCodes.LinkDown, "The charger's ESP32 link is down.", time, data);
    }

    /// <summary>The status of a charger on another node of the site: asked of its owner (no snapshot of it here).</summary>
    private static async Task<IResult> RemoteStatusAsync(HttpContext context, string chargerId)
    {
        var time = Time(context);
        var reply = await AskChargerAsync(context, chargerId, StateTrackerActor.GetStatus.Instance);
        if (reply is IResult error) return error;
        var current = (StateTrackerActor.CurrentStatus)reply;
        if (current.Link is not { IsUp: true })
            return ApiResponse.Error(503, ErrorCodes.LinkDown, "The charger's ESP32 link is down.", time,
                current.Status is null ? null : StatusData.From(chargerId, current, time.GetUtcNow()));
        if (current.Status is null)
            return ApiResponse.Error(503, ErrorCodes.NoStatus, "No status has arrived from the ESP32 yet.", time);
        return ApiResponse.Ok("Status retrieved successfully", StatusData.From(chargerId, current, time.GetUtcNow()), time);
    }

    private static async Task<IResult> CommandAsync(HttpContext context, bool legacyRoute,
        Func<RequestBody, (ChargerCommand? Command, IResult? Error)> parse, bool emptyIsObject = true)
    {
        var time = Time(context);
        var (body, bodyError) = await RequestBody.ReadAsync(context.Request, time, emptyIsObject);
        if (bodyError is not null) return bodyError;
        var (command, error) = parse(body!);
        if (error is not null) return error;

        var chargerId = ChargerId(context, legacyRoute);
        var reply = await AskChargerAsync(context, chargerId, command!);
        var runtime = context.RequestServices.GetRequiredService<ChargerRuntime>();
        var id = chargerId ?? runtime.Registry.Default?.Id ?? "?";
        var outcome = reply is CommandResult r ? CommandResponses.Outcome(r) : "not-delivered";
        context.RequestServices.GetRequiredService<AuditLog>().Command(context.Identity()?.Id, context.Connection.RemoteIpAddress?.ToString(),
            id, CommandResponses.NameOf(command!), outcome);
        context.RequestServices.GetRequiredService<ChargerMetrics>().RecordCommand(id, CommandResponses.NameOf(command!), outcome);
        return reply is CommandResult result ? CommandResponses.From(result, legacyRoute, time) : (IResult)reply;
    }

    /// <summary>The charger's reply, or the error result when there is no such charger or no runtime to ask.</summary>
    private static async Task<object> AskChargerAsync(HttpContext context, string? chargerId, object message, TimeSpan? remoteTimeout = null)
    {
        var time = Time(context);
        var runtime = context.RequestServices.GetRequiredService<ChargerRuntime>();
        if (!runtime.IsRunning) return ApiResponse.Error(503, ErrorCodes.ShuttingDown, "The daemon is shutting down.", time);
        // A charger of another node of the site: the owner's own timeouts answer within the remote timeout, so
        // silence past it means the node did not get the request or cannot answer (and it will not run it late).
        var remote = RemoteLocation(runtime, chargerId);
        var timeout = remote is null ? AskTimeout : remoteTimeout ?? runtime.Site!.RemoteTimeout;
        try
        {
            var gateway = context.RequestServices.GetRequiredService<IRequiredActor<HttpGatewayActor>>().ActorRef;
            var reply = await gateway.Ask<object>(new HttpGatewayActor.ToCharger(chargerId, message), timeout, context.RequestAborted);
            return reply switch
            {
                HttpGatewayActor.UnknownCharger => ApiResponse.Error(404, ErrorCodes.UnknownCharger, $"There is no charger '{chargerId}'.", time),
                HttpGatewayActor.OwnerUnreachable o => ApiResponse.Error(503, ErrorCodes.NodeUnreachable,
                    $"Charger '{o.ChargerId}' is on node {o.Node}, which the site cluster sees as {o.Reachability.ToString().ToLowerInvariant()}; nothing was sent.",
                    time, new { charger = o.ChargerId, node = o.Node, reachability = o.Reachability.ToString().ToLowerInvariant() }),
                _ => reply,
            };
        }
        catch (AskTimeoutException)
        {
            if (!runtime.IsRunning) return ApiResponse.Error(503, ErrorCodes.ShuttingDown, "The daemon is shutting down.", time);
            if (remote is not null)
            {
                var node = SiteCluster.NodeName(remote.Node);
                return ApiResponse.Error(503, ErrorCodes.NodeUnreachable,
                    $"Charger '{remote.ChargerId}' is on node {node}, which did not answer within {timeout.TotalSeconds:0.#} s; the request was not queued and will not run later.",
                    time, new { charger = remote.ChargerId, node, reachability = runtime.Site!.Reachability(remote.Node).ToString().ToLowerInvariant() });
            }
            return ApiResponse.Error(504, ErrorCodes.CommandTimeout, "The charger did not answer in time.", time);
        }
    }

    /// <summary>GET /api/chargers/{id}: the charger as the list shows it, with its meter.</summary>
    private static async Task<IResult> ChargerAsync(HttpContext context, string id)
    {
        var time = Time(context);
        var runtime = context.RequestServices.GetRequiredService<ChargerRuntime>();
        // A charger of another node of the site: as /api/chargers lists it (its node and that node's reachability).
        if (RemoteLocation(runtime, id) is { } location) return ApiResponse.Ok("Charger", await RemoteSummaryAsync(context, runtime.Site!, location), time);
        if (!runtime.Registry.TryGet(id, out var handle))
            return ApiResponse.Error(404, ErrorCodes.UnknownCharger, $"There is no charger '{id}'.", time);
        return ApiResponse.Ok("Charger", await SummaryAsync(context, runtime, handle), time);
    }

    /// <summary>Where charger <paramref name="chargerId"/> is when it is on another node of the site; null when it is here or unknown.</summary>
    private static ChargerLocation? RemoteLocation(ChargerRuntime runtime, string? chargerId) =>
        chargerId is null || runtime.Site is not { } site || runtime.Registry.TryGet(chargerId, out _) ? null
        : site.Locate(chargerId) is { } location && !site.IsLocal(location) ? location : null;

    private static async Task<IResult> ListAsync(HttpContext context)
    {
        var time = Time(context);
        var runtime = context.RequestServices.GetRequiredService<ChargerRuntime>();
        var site = runtime.Site;
        var self = site is null ? null : SiteCluster.NodeName(site.SelfAddress);
        var local = runtime.Registry.All.Select(async handle =>
        {
            var row = await SummaryAsync(context, runtime, handle);
            if (site is not null)
            {
                row["node"] = self;
                row["node_reachable"] = true;
                row["reachability"] = "reachable";
            }
            return row;
        });
        // In a site cluster, every other node's chargers too: their state from their owner (briefly: a list must not
        // hang on one slow node), their node's reachability from the cluster.
        var remote = site is null ? [] : site.Chargers.Where(l => !site.IsLocal(l) && !runtime.Registry.TryGet(l.ChargerId, out _))
            .Select(location => RemoteSummaryAsync(context, site, location));
        var chargers = await Task.WhenAll(local.Concat(remote));
        return ApiResponse.Ok("Chargers", chargers, time);
    }

    /// <summary>A charger of another node: its state from its owner (briefly: a list must not hang on one slow node), its node's reachability from the cluster.</summary>
    private static async Task<Dictionary<string, object?>> RemoteSummaryAsync(HttpContext context, SiteCluster site, ChargerLocation location)
    {
        var reachability = site.Reachability(location.Node);
        var reply = reachability == NodeReachability.Reachable
            ? await AskChargerAsync(context, location.ChargerId, StateTrackerActor.GetStatus.Instance, ListRemoteTimeout)
            : null;
        var current = reply as StateTrackerActor.CurrentStatus;
        // A node that did not answer may have been found unreachable meanwhile: say what the cluster knows now.
        if (current is null) reachability = site.Reachability(location.Node);
        return new Dictionary<string, object?>
        {
            ["id"] = location.ChargerId,
            ["is_default"] = false,
            ["link_up"] = current?.Link?.IsUp,
            ["link_since"] = current?.Link?.Since,
            ["reconnects"] = current?.Link?.Reconnects,
            ["state"] = current?.Status?.StateCode,
            ["state_name"] = Actors.Subscribers.ChargerEventJson.NameOf(current?.Status?.StateCode),
            ["freshness"] = current?.Freshness,
            ["node"] = SiteCluster.NodeName(location.Node),
            ["node_reachable"] = reachability == NodeReachability.Reachable && current is not null,
            ["reachability"] = current is null && reachability == NodeReachability.Reachable ? "not-answering" : reachability.ToString().ToLowerInvariant(),
        };
    }

    /// <summary>A charger of this node as <c>/api/chargers</c> and <c>/api/chargers/{id}</c> show it, with its meter.</summary>
    private static async Task<Dictionary<string, object?>> SummaryAsync(HttpContext context, ChargerRuntime runtime, Actors.Station.ChargerHandle handle)
    {
        {
            var reply = await AskChargerAsync(context, handle.Id, StateTrackerActor.GetStatus.Instance);
            var status = (reply as StateTrackerActor.CurrentStatus)?.Status;
            var link = handle.Link.Current;
            var row = new Dictionary<string, object?>
            {
                ["id"] = handle.Id,
                ["is_default"] = ReferenceEquals(handle, runtime.Registry.Default),
                ["link_up"] = link.IsUp,
                ["link_since"] = link.Since,
                ["reconnects"] = link.Reconnects,
                ["state"] = status?.StateCode,
                ["state_name"] = Actors.Subscribers.ChargerEventJson.NameOf(status?.StateCode),
                ["freshness"] = (reply as StateTrackerActor.CurrentStatus)?.Freshness,
                ["meter"] = MeterData.From(handle.Meter, Time(context).GetUtcNow()),
            };
            return row;
        }
    }

    /// <summary>How long <c>/api/chargers</c> waits for another node's charger status.</summary>
    private static readonly TimeSpan ListRemoteTimeout = TimeSpan.FromSeconds(3);
}
