using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Charger.Actors.Charging;
using Charger.Actors.Subscribers;

namespace Charger.Host.Cluster;

/// <summary>
/// A subscriber's sink that publishes this node's charger events to the site (DistributedPubSub topic
/// <see cref="SiteEvent.Topic"/>). One subscriber actor per charger emits in order, and the mediator keeps the order
/// between two nodes, so each charger's events reach every node in order. The user id stays on the owning node.
/// </summary>
public sealed class SiteEventSink(IActorRef mediator, string origin) : IEventSink
{
    public Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken)
    {
        mediator.Tell(new Publish(SiteEvent.Topic, new SiteEvent(origin, evt with { UserId = null })));
        return Task.CompletedTask;
    }
}
