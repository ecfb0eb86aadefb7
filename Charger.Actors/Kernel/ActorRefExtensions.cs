namespace Charger.Actors.Kernel;

/// <summary>Tell and Forward with Akka's implicit sender: inside an actor the sender is Self.</summary>
public static class ActorRefExtensions
{
    /// <summary>Sends with the current actor as sender, or no sender outside actors.</summary>
    public static void Tell(this IActorRef target, object message) =>
        target.Tell(message, ActorCell.Current?.Self);

    /// <summary>Sends keeping the sender of the message being handled (only valid inside an actor).</summary>
    public static void Forward(this IActorRef target, object message)
    {
        var cell = ActorCell.Current
            ?? throw new InvalidOperationException("Forward can only be used while an actor handles a message.");
        target.Tell(message, cell.SenderOrNull);
    }

    /// <summary>True for a live actor reference (not null, not Nobody).</summary>
    public static bool IsNobody(this IActorRef? actorRef) => actorRef is null || ReferenceEquals(actorRef, ActorRefs.Nobody);
}
