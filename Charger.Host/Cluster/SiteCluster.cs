using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;

namespace Charger.Host.Cluster;

/// <summary>
/// This node's view of the site, read by HTTP requests from any thread: the charger directory (which node owns
/// which charger, as the <see cref="ChargerDirectoryActor"/> last saw Distributed Data) and each node's
/// reachability, straight from Akka.Cluster's state.
/// </summary>
public sealed class SiteCluster(SiteClusterOptions options, ActorSystem system, TimeSpan commandBudget)
{
    private volatile ImmutableDictionary<string, ChargerLocation> _directory = ImmutableDictionary<string, ChargerLocation>.Empty.WithComparers(StringComparer.OrdinalIgnoreCase);

    /// <summary>A remote command that has not reached its owner this long after it was sent is dropped there, never run late.</summary>
    public static readonly TimeSpan DeliveryBudget = TimeSpan.FromSeconds(2);

    public SiteClusterOptions Options => options;

    public Akka.Cluster.Cluster Cluster { get; } = Akka.Cluster.Cluster.Get(system);

    public Address SelfAddress => Cluster.SelfAddress;

    /// <summary>
    /// How long a request waits for a remote charger before answering 503 naming its node: the delivery budget plus
    /// the longest the owner's command actor takes to answer on its own (fresh status, ACK, stop confirmation, journal).
    /// </summary>
    public TimeSpan RemoteTimeout { get; } = DeliveryBudget + commandBudget;

    /// <summary>Every charger of the site the directory knows, ordered by node then id.</summary>
    public IReadOnlyList<ChargerLocation> Chargers =>
        [.. _directory.Values.OrderBy(l => l.Node.ToString(), StringComparer.Ordinal).ThenBy(l => l.ChargerId, StringComparer.OrdinalIgnoreCase)];

    public ChargerLocation? Locate(string chargerId) => _directory.TryGetValue(chargerId, out var location) ? location : null;

    public bool IsLocal(ChargerLocation location) => location.Node == SelfAddress;

    public NodeReachability Reachability(Address node)
    {
        if (node == SelfAddress) return NodeReachability.Reachable;
        var state = Cluster.State;
        var member = state.Members.FirstOrDefault(m => m.Address == node);
        if (member is null || member.Status is MemberStatus.Down or MemberStatus.Removed or MemberStatus.Exiting) return NodeReachability.Gone;
        return state.Unreachable.Any(m => m.Address == node) ? NodeReachability.Unreachable : NodeReachability.Reachable;
    }

    /// <summary>The node as operators know it: host:port.</summary>
    public static string NodeName(Address node) => $"{node.Host}:{node.Port}";

    internal void Replace(IEnumerable<ChargerLocation> locations) =>
        _directory = locations.ToImmutableDictionary(l => l.ChargerId, StringComparer.OrdinalIgnoreCase);
}
