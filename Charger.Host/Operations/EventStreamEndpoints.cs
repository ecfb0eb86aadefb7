namespace Charger.Host.Operations;

/// <summary>Server-Sent Events at /api/events and /api/chargers/{id}/events. (Skeleton: filled in by the operations work.)</summary>
public static class EventStreamEndpoints
{
    public static IEndpointRouteBuilder MapEventStream(this IEndpointRouteBuilder app) => app;
}
