using Charger.Actors.Kernel.Pattern;

namespace Charger.Actors.Kernel;

/// <summary>
/// What <see cref="ActorSystem.Inspect"/> reads from other threads. The cell's own fields belong to
/// its turn and are never read from outside; instead the turn publishes single immutable values
/// (a volatile state, the backoff status, the children's <see cref="RestartRecord"/>s) and the
/// inspector reads only those, plus the children table under its lock. Each node is therefore
/// consistent in itself; the tree is read node by node, so actors that change meanwhile show
/// either their old or their new state, never a torn one.
/// </summary>
internal sealed partial class ActorCell
{
    private volatile ActorState _state = ActorState.Starting;
    private BackoffStatus? _backoff;

    internal ActorState State => _state;

    private void SetState(ActorState state) => _state = state;

    /// <summary>A <see cref="BackoffSupervisor"/> publishes what it does after every change, on its own turn.</summary>
    internal void PublishBackoff(BackoffStatus? status) => Volatile.Write(ref _backoff, status);

    /// <summary>This actor and its subtree as the supervision view shows them.</summary>
    /// <param name="asChild">How the parent knows this actor (null for the root).</param>
    internal ActorNode Inspect(ChildRestartStats? asChild, long now)
    {
        var children = ChildrenSnapshot()
            .OrderBy(c => c.Child.Path.Name, StringComparer.Ordinal)
            .Select(c => ((LocalActorRef)c.Child).Cell.Inspect(c, now))
            .ToArray();
        var record = asChild?.Record ?? RestartRecord.None;
        var state = _state;
        if (asChild is { Stopping: true } && state is not ActorState.Stopped) state = ActorState.Stopping; // asked, not yet begun
        return new ActorNode(Self.Path, Props.ActorType.Name, state, record.CountAt(now, System.TimeProvider), record.LastFailure,
            Volatile.Read(ref _backoff), children);
    }
}
