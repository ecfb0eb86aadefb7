using Charger.Actors.Charging;
using Charger.Host.Daemon;
using Charger.Host.Http;
using Charger.Host.Security;

namespace Charger.Host.Operations;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> for systemd, load balancers and monitors (no key, no
/// rate limit, nothing sensitive), and the predecessor's <c>GET /api/health</c> (read key). All of
/// them read monitors and a cached host sample; none asks an actor, so they stay cheap under load
/// and answer even when a charger is wedged.
/// </summary>
public static class HealthEndpoints
{
    private static readonly byte[] Live = """{"status":"live"}"""u8.ToArray();

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var probes = app.MapGroup("/health").WithTags("Health");
        // The process answers: that is all liveness means (a wedged charger is readiness's business).
        probes.MapGet("/live", (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-store";
            return context.Response.Body.WriteAsync(Live).AsTask();
        });
        probes.MapGet("/ready", (HttpContext context, ChargerRuntime runtime, TimeProvider time) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            var readiness = Readiness.Of(runtime, time.GetUtcNow());
            var body = new
            {
                status = readiness.Ready ? readiness.Degraded is null ? "ready" : "degraded" : readiness.ShuttingDown ? "shutting_down" : "not_ready",
                reasons = readiness.Reasons,
                chargers = readiness.Chargers.Select(c => new { id = c.Id, link_up = c.LinkUp, status = c.Status }),
            };
            return Results.Json(body, ApiJson.Options, statusCode: readiness.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        app.MapGet("/api/health", ApiHealth).WithTags("Health")
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        return app;
    }

    /// <summary>
    /// The predecessor's shape (always 200, <c>message: "System health check"</c>) plus the overall
    /// <c>healthy</c> it computed and threw away, and <c>chargers</c> for stations with several.
    /// Nothing that helps an attacker: no version, no path, no key, and the network fields the
    /// predecessor filled (<c>network_ip</c>, <c>network_ssid</c>) stay null.
    /// </summary>
    private static IResult ApiHealth(ChargerRuntime runtime, HostSampler sampler, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var readiness = Readiness.Of(runtime, now);
        var host = sampler.Current();
        var first = readiness.Chargers.Count > 0 ? readiness.Chargers[0] : null;
        var temperature = host.CpuTemperatureCelsius;
        var data = new ApiHealthData(
            Api: "healthy",
            Healthy: readiness.Ready,
            Esp32Connected: first?.LinkUp ?? false,
            Esp32Status: first switch
            {
                null or { LinkUp: false } => "disconnected",
                { Status: StatusFreshness.Fresh } => "available",
                _ => "no_status",
            },
            ReconnectAttempts: first is { LinkUp: false } ? first.ReconnectAttempts : null,
            EventDetector: new EventDetectorData(Monitoring: runtime.IsRunning && host.TrackersAlive, ThreadAlive: host.TrackersAlive),
            Threads: host.Threads,
            MemoryMb: host.MemoryMb,
            CpuPercent: host.CpuPercent,
            MemoryPercent: host.MemoryPercent,
            SystemCpuPercent: host.SystemCpuPercent,
            SystemMemoryPercent: host.SystemMemoryPercent,
            SystemMemoryTotalMb: host.SystemMemoryTotalMb,
            SystemMemoryAvailableMb: host.SystemMemoryAvailableMb,
            LoadAverage: host.LoadAverage is [var one, var five, var fifteen, ..]
                ? new Dictionary<string, double> { ["1min"] = one, ["5min"] = five, ["15min"] = fifteen }
                : null,
            CpuTemperatureCelsius: temperature,
            CpuTemperatureFahrenheit: temperature is { } c ? Math.Round(c * 9 / 5 + 32, 1) : null,
            CpuTemperatureStatus: temperature switch
            {
                null => null,
                > 80 => "critical",
                > 70 => "high",
                > 60 => "warm",
                _ => "normal",
            },
            DiskTotalGb: host.DiskTotalGb,
            DiskUsedGb: host.DiskUsedGb,
            DiskFreeGb: host.DiskFreeGb,
            DiskPercent: host.DiskPercent,
            NetworkIp: null,
            NetworkSsid: null,
            Chargers: [.. readiness.Chargers.Select(c => new ChargerHealthData(c.Id, c.LinkUp, c.Status, c.StatusAgeSeconds, c.Problem))]);
        return ApiResponse.Ok("System health check", data, time);
    }

    private sealed record ApiHealthData(
        string Api,
        bool Healthy,
        bool Esp32Connected,
        string Esp32Status,
        int? ReconnectAttempts,
        EventDetectorData EventDetector,
        int Threads,
        double MemoryMb,
        double? CpuPercent,
        double? MemoryPercent,
        double? SystemCpuPercent,
        double? SystemMemoryPercent,
        double? SystemMemoryTotalMb,
        double? SystemMemoryAvailableMb,
        Dictionary<string, double>? LoadAverage,
        double? CpuTemperatureCelsius,
        double? CpuTemperatureFahrenheit,
        string? CpuTemperatureStatus,
        double? DiskTotalGb,
        double? DiskUsedGb,
        double? DiskFreeGb,
        double? DiskPercent,
        string? NetworkIp,
        string? NetworkSsid,
        ChargerHealthData[] Chargers);

    private sealed record EventDetectorData(bool Monitoring, bool ThreadAlive);

    private sealed record ChargerHealthData(string Id, bool LinkUp, StatusFreshness Status, double? StatusAgeSeconds, string? Problem);
}
