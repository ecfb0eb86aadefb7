using Charger.Actors.Charging;
using Charger.Actors.Subscribers;

namespace Charger.Benchmarks.Support;

/// <summary>A subscriber's sink that only counts the state events delivered to it (link events are not counted).</summary>
public sealed class DeliveryCounter : IEventSink
{
    private long _count;

    public long Count => Volatile.Read(ref _count);

    public Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken)
    {
        if (evt.FromState is not null) Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }
}
