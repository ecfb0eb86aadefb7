namespace Charger.Host.Cluster;

/// <summary>How the cluster sees a node right now (Akka.Cluster's member status and failure detector).</summary>
public enum NodeReachability
{
    /// <summary>A member that the failure detector hears from.</summary>
    Reachable,

    /// <summary>A member the failure detector has stopped hearing from (dead, hung or cut off).</summary>
    Unreachable,

    /// <summary>Not a member (any more): it left, was downed by the split-brain resolver, or has not joined yet.</summary>
    Gone,
}
