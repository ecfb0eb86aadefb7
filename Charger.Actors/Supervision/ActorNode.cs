using Akka.Actor;

namespace Charger.Actors.Supervision;

/// <summary>
/// One actor in a snapshot of the supervision tree (<see cref="SupervisionTree.Inspect"/>): immutable,
/// taken without messaging or pausing any actor, for operators' tools and health checks.
/// </summary>
/// <param name="Path">Where it is in the tree.</param>
/// <param name="ActorType">The class its Props create (e.g. <c>SerialPortActor</c>).</param>
/// <param name="State">Its lifecycle state when it was read.</param>
/// <param name="Restarts">Restarts its supervisor granted it since the process started.</param>
/// <param name="LastFailure">The last exception it failed with, as its supervisor saw it; null if it never failed.</param>
/// <param name="Backoff">For an Akka <c>BackoffSupervisor</c>: its child's failures and whether a restart is pending.</param>
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
    /// <summary>The path below the system, like <c>/user/chargers/cp-1</c> (<c>/</c> for the root).</summary>
    public string LocalPath => Path.Elements.Count == 0 ? "/" : "/" + string.Join('/', Path.Elements);

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
        return DescendantsAndSelf().FirstOrDefault(n => n.LocalPath == wanted);
    }
}

/// <summary>Where an actor is in its lifecycle, as far as it can be read from outside.</summary>
public enum ActorState
{
    /// <summary>Taking messages (or ready to).</summary>
    Running,

    /// <summary>Stopped (about to leave its parent's children).</summary>
    Stopped,
}

/// <summary>An exception an actor failed with: its type name, message and when its supervisor handled it.</summary>
public sealed record ActorFailure(string Type, string Message, DateTimeOffset At)
{
    public static ActorFailure Of(Exception error, DateTimeOffset at)
    {
        // A failed PreStart reaches the supervisor wrapped; the cause is what an operator needs.
        var cause = error is ActorInitializationException { InnerException: { } inner } ? inner : error;
        return new(cause.GetType().Name, cause.Message, at);
    }
}

/// <summary>A backoff supervisor as seen from outside.</summary>
/// <param name="Attempts">Failures of its child since the process started (each one a backoff restart).</param>
/// <param name="IsBackingOff">No child runs: the next start is pending.</param>
/// <param name="LastChildFailure">The last failure of its child.</param>
public sealed record BackoffStatus(int Attempts, bool IsBackingOff, ActorFailure? LastChildFailure);
