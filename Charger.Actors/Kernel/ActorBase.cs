using Charger.Actors.Kernel.Event;
using Microsoft.Extensions.Logging;

namespace Charger.Actors.Kernel;

/// <summary>
/// The base of every actor. An instance is created by the kernel from <see cref="Props"/> (never with
/// <c>new</c> elsewhere) and handles one message at a time. A restart replaces the instance; the
/// <see cref="IActorRef"/> and the mailbox stay.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    protected ActorBase()
    {
        _cell = ActorCell.Creating ?? throw new ActorInitializationException(null,
            $"{GetType().Name} must be created by the actor system (ActorOf with Props), not with 'new'.", null);
    }

    protected IActorContext Context => _cell;

    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the message being handled (dead letters if none).</summary>
    protected IActorRef Sender => _cell.Sender;

    protected ILogger Log => _cell.Log;

    protected ITimerScheduler Timers => _cell.Timers;

    /// <summary>Handles a message; returns false when it is not handled (then <see cref="Unhandled"/> runs).</summary>
    protected internal abstract bool Receive(object message);

    /// <summary>Runs before the first message, on the actor's own turn.</summary>
    protected virtual void PreStart() { }

    /// <summary>Runs after the actor and all its children have stopped.</summary>
    protected virtual void PostStop() { }

    /// <summary>Runs on the failed instance. By default stops all children, then calls <see cref="PostStop"/>.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }
        PostStop();
    }

    /// <summary>Runs on the fresh instance after a restart. By default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children. <see cref="Props.WithSupervisorStrategy"/> overrides it.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Kernel.SupervisorStrategy.DefaultStrategy;

    /// <summary>An unhandled <see cref="Terminated"/> fails the actor (death pact); anything else is published.</summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated) throw new DeathPactException(terminated.ActorRef);
        _cell.System.EventStream.Publish(new UnhandledMessage(message, _cell.SenderOrNull, Self));
    }

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal SupervisorStrategy GetSupervisorStrategy() => SupervisorStrategy();

    // Virtual so a base class can run work that a subclass's PreStart/PostRestart override cannot
    // skip by forgetting to call base (PersistentActor starts recovery here).
    internal virtual void AroundPreStart() => PreStart();

    internal void AroundPostStop()
    {
        (this as IWithStash)?.Stash.UnstashAll();
        PostStop();
    }

    internal void AroundPreRestart(Exception reason, object? message)
    {
        // Stashed messages survive a restart: they go back in front of the mailbox for the new instance.
        (this as IWithStash)?.Stash.UnstashAll();
        PreRestart(reason, message);
    }

    internal virtual void AroundPostRestart(Exception reason) => PostRestart(reason);
}
