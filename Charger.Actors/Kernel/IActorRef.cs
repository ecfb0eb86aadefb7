using Charger.Actors.Kernel.Dispatch;

namespace Charger.Actors.Kernel;

/// <summary>
/// An immutable, thread-safe handle to an actor. It stays valid across restarts of the actor;
/// once the actor has stopped, messages sent to it go to dead letters.
/// </summary>
public interface IActorRef
{
    ActorPath Path { get; }

    /// <summary>Enqueues <paramref name="message"/> without waiting. <paramref name="sender"/> may be null (no sender).</summary>
    void Tell(object message, IActorRef? sender);
}

/// <summary>What the kernel needs beyond <see cref="IActorRef"/>: system messages and liveness.</summary>
internal interface IInternalActorRef : IActorRef
{
    bool IsTerminated { get; }

    void SendSystemMessage(SystemMessage message);
}

/// <summary>Well-known references.</summary>
public static class ActorRefs
{
    /// <summary>The sender of a message sent from outside any actor.</summary>
    public static readonly IActorRef? NoSender = null;

    /// <summary>A reference that points nowhere: messages to it are dropped.</summary>
    public static readonly IActorRef Nobody = new NobodyRef();

    private sealed class NobodyRef : IInternalActorRef
    {
        public ActorPath Path { get; } = ActorPath.Root("nobody");
        public bool IsTerminated => true;
        public void Tell(object message, IActorRef? sender) { }
        public void SendSystemMessage(SystemMessage message) { }
        public override string ToString() => "Nobody";
    }
}
