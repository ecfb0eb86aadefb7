namespace Charger.Actors.Kernel.Event;

/// <summary>
/// The system's publish/subscribe bus, classified by type: a subscriber to a type receives every
/// published event assignable to it (so subscribing to <c>object</c> receives everything).
/// Subscriptions are copy-on-write, so Publish takes no lock; stopped subscribers are dropped.
/// </summary>
public sealed class EventStream
{
    private Subscription[] _subscriptions = [];

    public bool Subscribe<T>(IActorRef subscriber) => Subscribe(subscriber, typeof(T));

    /// <summary>Returns false when this subscriber already has this exact channel.</summary>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        while (true)
        {
            var current = Volatile.Read(ref _subscriptions);
            if (current.Any(s => s.Channel == channel && s.Subscriber.Equals(subscriber))) return false;
            Subscription[] next = [.. current, new Subscription(channel, subscriber)];
            if (Interlocked.CompareExchange(ref _subscriptions, next, current) == current) return true;
        }
    }

    /// <summary>Removes one channel of a subscriber, or all its channels when <paramref name="channel"/> is null.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type? channel = null)
    {
        while (true)
        {
            var current = Volatile.Read(ref _subscriptions);
            var next = current.Where(s => !(s.Subscriber.Equals(subscriber) && (channel is null || s.Channel == channel))).ToArray();
            if (next.Length == current.Length) return false;
            if (Interlocked.CompareExchange(ref _subscriptions, next, current) == current) return true;
        }
    }

    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (!subscription.Channel.IsInstanceOfType(@event)) continue;
            if (subscription.Subscriber is IInternalActorRef { IsTerminated: true })
            {
                Unsubscribe(subscription.Subscriber);
                continue;
            }
            subscription.Subscriber.Tell(@event, null);
        }
    }

    private sealed record Subscription(Type Channel, IActorRef Subscriber);
}
