using Charger.Actors.Kernel.Pattern;

namespace Charger.Actors.Kernel;

/// <summary>
/// One actor in a snapshot of the supervision tree (<see cref="ActorSystem.Inspect"/>): immutable,
/// taken without messaging or pausing any actor, for operators' tools and health checks.
/// </summary>
/// <param name="Path">Where it is in the tree.</param>
/// <param name="ActorType">The class its Props create (e.g. <c>SerialPortActor</c>).</param>
/// <param name="State">Its lifecycle state when it was read.</param>
/// <param name="Restarts">Restarts its parent granted it within the parent's restart window (all of them with no window).</param>
/// <param name="LastFailure">The last exception it failed with, as its parent saw it; null if it never failed.</param>
/// <param name="Backoff">For a <see cref="BackoffSupervisor"/>: its restart count and any pending restart.</param>
/// <param name="Children">Its children, in name order.</param>
public sealed record ActorNode(
    ActorPath Path,
    string ActorType,
    ActorState State,
    int Restarts,
    ActorFailure? LastFailure,
    BackoffStatus? Backoff,
    IReadOnlyList<ActorNode> Children)
{
    /// <summary>This node and every node below it, depth first.</summary>
    public IEnumerable<ActorNode> DescendantsAndSelf()
    {
        yield return this;
        foreach (var child in Children)
            foreach (var node in child.DescendantsAndSelf())
                yield return node;
    }

    /// <summary>The node at <paramref name="path"/> (like <c>/user/chargers/cp-1</c>) at or below this one, or null.</summary>
    public ActorNode? Find(string path)
    {
        var wanted = path.Length > 1 ? path.TrimEnd('/') : path;
        return DescendantsAndSelf().FirstOrDefault(n => n.Path.Local == wanted);
    }
}

/// <summary>Where an actor is in its lifecycle.</summary>
public enum ActorState
{
    /// <summary>Created; its constructor and PreStart have not run yet.</summary>
    Starting,

    /// <summary>Taking messages (or ready to).</summary>
    Running,

    /// <summary>It threw and is suspended, waiting for its supervisor's directive.</summary>
    Failed,

    /// <summary>Its supervisor restarts it: the old instance is gone, the new one not yet built.</summary>
    Restarting,

    /// <summary>Stopping: its children stop first, then PostStop.</summary>
    Stopping,

    /// <summary>Stopped (about to leave its parent's children).</summary>
    Stopped,
}

/// <summary>An exception an actor failed with: its type name, message and when its supervisor handled it.</summary>
public sealed record ActorFailure(string Type, string Message, DateTimeOffset At)
{
    public static ActorFailure Of(Exception error, DateTimeOffset at) => new(error.GetType().Name, error.Message, at);
}
