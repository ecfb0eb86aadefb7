using Charger.Actors.Charging;

namespace Charger.Host.Cluster;

/// <summary>A charger's event on its way to the other nodes' live streams: <paramref name="Origin"/> is the owning node's address.</summary>
public sealed record SiteEvent(string Origin, ChargerEvent Event)
{
    /// <summary>The DistributedPubSub topic every node's <see cref="SiteEventRelayActor"/> subscribes to.</summary>
    public const string Topic = "charger-events";
}
