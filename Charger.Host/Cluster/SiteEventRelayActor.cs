using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Charger.Actors.Subscribers;

namespace Charger.Host.Cluster;

/// <summary>
/// <c>/user/site-events</c>: puts the other nodes' charger events on this node's live stream (<see cref="ChargerEventHub"/>),
/// so <c>/api/events</c> on any node carries every charger of the site. This node's own events reach the hub directly.
/// </summary>
public sealed class SiteEventRelayActor : ReceiveActor
{
    public const string Name = "site-events";

    public SiteEventRelayActor(ChargerEventHub hub, string self)
    {
        Receive<SubscribeAck>(_ => { });
        Receive<SiteEvent>(e =>
        {
            if (e.Origin != self) hub.Publish(e.Event);
        });
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(SiteEvent.Topic, Self));
    }

    public static Props Props(ChargerEventHub hub, string self) => Akka.Actor.Props.Create(() => new SiteEventRelayActor(hub, self));
}
