using Microsoft.Extensions.Logging;

namespace Charger.Actors.Kernel;

/// <summary>A behaviour: returns false when it does not handle the message.</summary>
public delegate bool Receive(object message);

/// <summary>
/// What an actor sees of itself and its place in the tree. Use it only from inside the actor
/// (its handlers and lifecycle hooks): it is not thread-safe, like Akka's.
/// </summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled, or dead letters when there is none.</summary>
    IActorRef Sender { get; }

    IActorRef Parent { get; }

    ActorSystem System { get; }

    Props Props { get; }

    ILogger Log { get; }

    /// <summary>Keyed timers that deliver messages to Self; all are cancelled on stop and on restart.</summary>
    ITimerScheduler Timers { get; }

    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>The child with this name, or <see cref="ActorRefs.Nobody"/>.</summary>
    IActorRef Child(string name);

    /// <summary>Creates a child. A duplicate or invalid name throws <see cref="InvalidActorNameException"/>.</summary>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>Stops a child (or Self) asynchronously: its children first, then PostStop.</summary>
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> when <paramref name="subject"/> stops, even if it is already dead.</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Like <see cref="Watch"/>, but delivers <paramref name="message"/> instead of Terminated.</summary>
    IActorRef WatchWith(IActorRef subject, object message);

    /// <summary>Stops watching; a Terminated already queued for the subject is discarded.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour.</summary>
    void Become(Receive receive);

    /// <summary>Pushes a behaviour; <see cref="UnbecomeStacked"/> returns to the previous one.</summary>
    void BecomeStacked(Receive receive);

    void UnbecomeStacked();
}
