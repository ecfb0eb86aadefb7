using Charger.Host.Daemon;
using Charger.Host.Security;

namespace Charger.Host.Http;

/// <summary>
/// <c>GET /api/chargers/{id}/ocpp</c>: a charger's OCPP connection as an operator checks it (connection state, the last
/// BootNotification result, the transaction outbox's depth and oldest message). 404 <c>NOT_FOUND</c> when the charger
/// has no OCPP (<c>ocpp.url</c> unset).
/// </summary>
public static class OcppApi
{
    public static IEndpointRouteBuilder MapOcppApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/chargers/{id}/ocpp", (HttpContext context, string id, TimeProvider time) =>
            {
                var runtime = context.RequestServices.GetRequiredService<ChargerRuntime>();
                if (!runtime.Registry.TryGet(id, out var handle))
                    return ApiResponse.Error(404, ErrorCodes.UnknownCharger, $"There is no charger '{id}'.", time);
                if (handle.Ocpp is not { } ocpp)
                    return ApiResponse.Error(404, ErrorCodes.NotFound, $"Charger '{id}' has no OCPP connection (ocpp.url is not set).", time);
                var boot = ocpp.LastBoot;
                var oldest = ocpp.OldestQueued;
                return ApiResponse.Ok("OCPP connection", new
                {
                    charge_point_id = ocpp.ChargePointId,
                    endpoint = ocpp.Endpoint.GetLeftPart(UriPartial.Path),
                    connection = ocpp.State.ToString().ToLowerInvariant(),
                    connected_since = ocpp.ConnectedSince,
                    connects = ocpp.Connects,
                    last_error = ocpp.LastError,
                    last_boot = boot is null ? null : new { status = boot.Status, interval = boot.Interval, at = boot.At },
                    outbox_depth = ocpp.OutboxDepth,
                    oldest_queued = oldest is null ? null : new { action = oldest.Action, at = oldest.At, attempts = oldest.Attempts },
                    authorization_cache_entries = ocpp.AuthorizationCacheEntries,
                }, time);
            })
            .WithTags("Chargers by id")
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        return app;
    }
}
