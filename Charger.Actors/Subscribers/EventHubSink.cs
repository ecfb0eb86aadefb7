using Charger.Actors.Charging;

namespace Charger.Actors.Subscribers;

/// <summary>Puts a charger's events on the process-wide <see cref="ChargerEventHub"/> (the live stream).</summary>
public sealed class EventHubSink(ChargerEventHub hub) : IEventSink
{
    public Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken)
    {
        hub.Publish(evt);
        return Task.CompletedTask;
    }
}
