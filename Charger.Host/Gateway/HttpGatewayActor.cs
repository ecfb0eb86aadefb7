using Akka.Actor;
using Akka.Event;
using Charger.Actors.Runtime;
using Charger.Actors.Station;
using Charger.Host.Cluster;

namespace Charger.Host.Gateway;

/// <summary>
/// <c>/user/gateway</c>: where HTTP requests enter the actor system. It finds the charger by id
/// (or the default charger) and forwards the request, so the charger's reply goes straight back
/// to the asking request; an unknown id is answered here. In a site cluster a charger of another node is
/// reached through that node's gateway (<see cref="FromSite"/>), whose reply also goes straight back.
/// </summary>
public sealed class HttpGatewayActor : ReceiveActor
{
    public const string Name = "gateway";

    /// <summary>Deliver <paramref name="Message"/> to charger <paramref name="ChargerId"/> (null: the default charger).</summary>
    public sealed record ToCharger(string? ChargerId, object Message);

    /// <summary>No charger has that id.</summary>
    public sealed record UnknownCharger(string? ChargerId);

    /// <summary>The charger is on <paramref name="Node"/>, which the cluster sees as unreachable or gone: nothing was sent.</summary>
    public sealed record OwnerUnreachable(string ChargerId, string Node, NodeReachability Reachability);

    /// <summary>
    /// A request from another node's gateway. It is run only if it arrives by <paramref name="NotAfter"/> (the sender's
    /// clock plus <see cref="SiteCluster.DeliveryBudget"/>): a message that remoting held back while the link was down
    /// is dropped, never run late, because its asker has answered 503 long since.
    /// </summary>
    public sealed record FromSite(string ChargerId, object Message, DateTimeOffset NotAfter);

    private readonly ILoggingAdapter _log = Context.GetLogger();

    public HttpGatewayActor(ChargerRegistry registry, SiteCluster? site = null)
    {
        var time = Context.System.GetTimeProvider();
        Receive<ToCharger>(request =>
        {
            var handle = request.ChargerId is null ? registry.Default : registry.TryGet(request.ChargerId, out var found) ? found : null;
            if (handle is not null)
            {
                handle.Supervisor.Forward(request.Message);
                return;
            }
            var location = request.ChargerId is null ? null : site?.Locate(request.ChargerId);
            if (location is null || site!.IsLocal(location))
            {
                Sender.Tell(new UnknownCharger(request.ChargerId));
                return;
            }
            var reachability = site.Reachability(location.Node);
            if (reachability != NodeReachability.Reachable)
            {
                Sender.Tell(new OwnerUnreachable(location.ChargerId, SiteCluster.NodeName(location.Node), reachability));
                return;
            }
            var owner = Context.ActorSelection(new RootActorPath(location.Node) / "user" / Name);
            owner.Tell(new FromSite(location.ChargerId, request.Message, time.GetUtcNow() + SiteCluster.DeliveryBudget), Sender);
        });
        Receive<FromSite>(request =>
        {
            if (time.GetUtcNow() > request.NotAfter)
            {
                _log.Warning("Dropped a {0} for charger {1} from {2}: it arrived after {3:O}, when its sender had given up on it",
                    request.Message.GetType().Name, request.ChargerId, Sender.Path.Address, request.NotAfter);
                return;
            }
            if (registry.TryGet(request.ChargerId, out var handle)) handle.Supervisor.Forward(request.Message);
            else Sender.Tell(new UnknownCharger(request.ChargerId));
        });
    }
}
