using Charger.Actors.Kernel.Dispatch;
using Charger.Actors.Kernel.Event;

namespace Charger.Actors.Kernel;

/// <summary>The reference to an actor of this process. One instance per actor, so identity is reference identity.</summary>
internal sealed class LocalActorRef(ActorCell cell, ActorPath path) : IInternalActorRef
{
    internal ActorCell Cell { get; } = cell;

    public ActorPath Path { get; } = path;

    public bool IsTerminated => Cell.Mailbox.IsClosed;

    public void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mailbox = Cell.Mailbox;
        if (mailbox.IsClosed)
        {
            Cell.System.DeadLetters.Tell(new DeadLetter(message, sender, this), sender);
            return;
        }
        mailbox.Post(new Envelope(message, sender));
        // Closed between the check and the enqueue: the final drain may have missed it.
        if (mailbox.IsClosed) Cell.DrainAfterClose();
    }

    public void SendSystemMessage(SystemMessage message)
    {
        var mailbox = Cell.Mailbox;
        if (mailbox.IsClosed)
        {
            Cell.SystemMessageAfterDeath(message);
            return;
        }
        mailbox.PostSystem(message);
        if (mailbox.IsClosed) Cell.DrainAfterClose();
    }

    public override string ToString() => $"Actor[{Path}#{Cell.Uid}]";
}
