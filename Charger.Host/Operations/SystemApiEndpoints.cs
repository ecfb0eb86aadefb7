using Charger.Actors.Supervision;
using Charger.Host.Daemon;
using Charger.Host.Http;
using Charger.Host.Security;

namespace Charger.Host.Operations;

/// <summary>
/// <c>GET /api/system/actors</c> (read key): the supervision tree with each actor's state, restarts
/// in its supervisor's window, last failure and pending backoff, and every subscriber with its state
/// and last error. Read with <see cref="SupervisionTree.Inspect"/> and the monitors: no
/// actor is asked, so it answers even when the tree is in trouble, which is when it is needed.
/// </summary>
public static class SystemApiEndpoints
{
    public static IEndpointRouteBuilder MapSystemApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/system/actors", (ChargerRuntime runtime, TimeProvider time) =>
            {
                if (!runtime.HasStarted)
                    return ApiResponse.Error(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ShuttingDown, "The actor system is not running.", time);
                var data = SupervisionTreeData.From(SupervisionTree.Inspect(runtime.System), runtime.Registry.All.Select(h => h.Subscribers),
                    runtime.IsRunning, time.GetUtcNow());
                return ApiResponse.Ok("Supervision tree", data, time);
            })
            .WithTags("System")
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        return app;
    }
}
