namespace Charger.Host.Operations;

/// <summary>The supervision tree at /api/system/actors. (Skeleton: filled in by the operations work.)</summary>
public static class SystemApiEndpoints
{
    public static IEndpointRouteBuilder MapSystemApi(this IEndpointRouteBuilder app) => app;
}
