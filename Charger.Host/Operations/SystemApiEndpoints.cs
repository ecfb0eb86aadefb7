using System.Reflection;
using Charger.Actors.Supervision;
using Charger.Host.Daemon;
using Charger.Host.Http;
using Charger.Host.Logging;
using Charger.Host.Security;
using Charger.Host.Simulate;

namespace Charger.Host.Operations;

/// <summary>
/// <c>GET /api/system/actors</c> (read key): the supervision tree with each actor's state, restarts
/// in its supervisor's window, last failure and pending backoff, and every subscriber with its state
/// and last error. Read with <see cref="SupervisionTree.Inspect"/> and the monitors: no
/// actor is asked, so it answers even when the tree is in trouble, which is when it is needed.
/// <c>GET /api/system/info</c> (read key): version, uptime, where the log goes, and whether the simulator runs,
/// for the dashboard's system page.
/// </summary>
public static class SystemApiEndpoints
{
    /// <summary>The build's informational version (without the source revision suffix .NET appends).</summary>
    public static readonly string Version =
        (typeof(SystemApiEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];

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
        app.MapGet("/api/system/info", (ChargerRuntime runtime, DaemonOptions options, TimeProvider time, IServiceProvider services) =>
            {
                var now = time.GetUtcNow();
                var file = options.Settings.Logging.File;
                return ApiResponse.Ok("System information", new
                {
                    version = Version,
                    started_at = runtime.HasStarted ? runtime.StartedAt : (DateTimeOffset?)null,
                    uptime_seconds = runtime.HasStarted ? Math.Round((now - runtime.StartedAt).TotalSeconds, 1) : (double?)null,
                    log_file = file.Enabled ? LoggingSetup.FilePath(options) : null,
                    log_journal = JournalStream.IsStdoutJournal(),
                    simulator = services.GetService<SimulatedDevice>() is not null,
                    public_reads = options.Settings.Http.PublicReads,
                    chargers = runtime.Registry.All.Select(h => h.Id).ToList(),
                }, time);
            })
            .WithTags("System")
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        return app;
    }
}
