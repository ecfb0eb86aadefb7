using Akka.Actor;
using Akka.Pattern;

namespace Charger.Actors.Supervision;

/// <summary>
/// A snapshot of an actor system's whole supervision tree, read from any thread without messaging an
/// actor: the children Akka's cells hold, each with what the <see cref="SupervisionRecorder"/> knows of its
/// failures. Actors that change during the walk appear either before or after the change.
/// </summary>
public static class SupervisionTree
{
    public static ActorNode Inspect(ActorSystem system)
    {
        var root = ((ExtendedActorSystem)system).Provider.RootGuardian;
        return Node(root, system.Supervision());
    }

    private static ActorNode Node(IActorRef actor, SupervisionRecorder recorder)
    {
        var cell = (actor as ActorRefWithCell)?.Underlying as ActorCell;
        var type = cell?.Props.Type;
        var children = (actor as ActorRefWithCell)?.Children
            .Where(c => c is ActorRefWithCell)
            .OrderBy(c => c.Path.Name, StringComparer.Ordinal)
            .Select(c => Node(c, recorder))
            .ToArray() ?? [];
        var record = recorder.For(actor.Path);
        BackoffStatus? backoff = null;
        if (type is not null && typeof(BackoffSupervisorBase).IsAssignableFrom(type))
        {
            // The child's record survives it: each backoff restart is a new incarnation under the same name.
            var childRecord = recorder.ForChildOf(actor.Path);
            backoff = new BackoffStatus(childRecord.Restarts, children.Length == 0, childRecord.LastFailure);
        }
        return new ActorNode(actor.Path, TypeName(type, actor), State(cell), record.Restarts, record.LastFailure, backoff, children);
    }

    private static ActorState State(ActorCell? cell) => cell is { IsTerminated: true } ? ActorState.Stopped : ActorState.Running;

    private static string TypeName(Type? type, IActorRef actor) => type is null ? actor.GetType().Name
        : type.Name == "BackoffOnRestartSupervisor" ? nameof(BackoffSupervisor) // Akka's internal name for Backoff.OnFailure
        : type.Name;
}
