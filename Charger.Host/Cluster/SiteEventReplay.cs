using Akka.Actor;
using Charger.Actors.Subscribers;

namespace Charger.Host.Cluster;

/// <summary>
/// Builds the <see cref="EventResumePlan"/> of a stream resuming from an <see cref="EventPosition"/>: each charger's
/// events after the client's sequence come from the replay buffer of the charger's own node, this node's hub for a local
/// charger (and on a single host), the owner's <see cref="EventReplayActor"/> for another node's. When the owner does not
/// answer within <see cref="SiteCluster.DeliveryBudget"/> (dead, cut off), this node's hub, which has the events the site
/// relayed to it, stands in, and says gap for what it cannot vouch for.
/// </summary>
public static class SiteEventReplay
{
    /// <param name="chargerId">The charger of a one-charger stream, or null for every charger.</param>
    public static async Task<EventResumePlan> PlanAsync(ChargerEventHub hub, SiteCluster? site, ActorSystem system, EventPosition position,
        string? chargerId, CancellationToken cancellationToken)
    {
        var chargers = position.Sequences.Keys
            .Union(hub.Chargers, StringComparer.Ordinal)
            .Union(site?.Chargers.Select(l => l.ChargerId) ?? [], StringComparer.Ordinal)
            .Where(c => chargerId is null || c == chargerId)
            .Order(StringComparer.Ordinal)
            .ToList();
        var replays = await Task.WhenAll(chargers.Select(c => ReplayAsync(hub, site, system, c, position.Of(c), cancellationToken)));

        var start = position;
        var gaps = new List<EventResumePlan.Gap>();
        foreach (var replay in replays.Where(r => r.Gap))
        {
            gaps.Add(new EventResumePlan.Gap(replay.ChargerId, position.Of(replay.ChargerId), replay.Last));
            // Told about the gap, the client stands at the charger's newest event: the next resume does not report it again.
            start = start.With(replay.ChargerId, replay.Last);
        }
        return new EventResumePlan(start, [.. replays.SelectMany(r => r.Events)], gaps);
    }

    private static async Task<ChargerReplay> ReplayAsync(ChargerEventHub hub, SiteCluster? site, ActorSystem system, string chargerId, long? after,
        CancellationToken cancellationToken)
    {
        if (site?.Locate(chargerId) is { } location && !site.IsLocal(location) && site.Reachability(location.Node) == NodeReachability.Reachable)
        {
            var owner = system.ActorSelection(new RootActorPath(location.Node) / "user" / EventReplayActor.Name);
            try
            {
                return await owner.Ask<ChargerReplay>(new EventReplayActor.Request(chargerId, after), SiteCluster.DeliveryBudget, cancellationToken);
            }
            catch (AskTimeoutException)
            {
                // The owner did not answer in time: what this node was relayed is the best there is.
            }
        }
        return hub.ReplayOf(chargerId, after);
    }
}
