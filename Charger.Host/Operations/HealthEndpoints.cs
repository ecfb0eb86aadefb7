namespace Charger.Host.Operations;

/// <summary>/health/live, /health/ready and the legacy /api/health. (Skeleton: filled in by the operations work.)</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app) => app;
}
