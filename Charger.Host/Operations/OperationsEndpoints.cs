namespace Charger.Host.Operations;

/// <summary>Health, live events and the supervision tree. (Skeleton: filled in by the operations work.)</summary>
public static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app) => app;

    public static IEndpointRouteBuilder MapEventStream(this IEndpointRouteBuilder app) => app;

    public static IEndpointRouteBuilder MapSystemApi(this IEndpointRouteBuilder app) => app;
}
