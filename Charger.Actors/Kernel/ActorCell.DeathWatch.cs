using Charger.Actors.Kernel.Dispatch;

namespace Charger.Actors.Kernel;

/// <summary>
/// Death watch: who watches this actor, whom it watches, and the Terminated messages queued but not
/// yet handled (so that Unwatch can discard them, as in Akka).
/// </summary>
internal sealed partial class ActorCell
{
    private HashSet<IInternalActorRef>? _watchedBy;
    private Dictionary<IActorRef, object?>? _watching;
    private HashSet<IActorRef>? _terminatedQueued;

    public IActorRef Watch(IActorRef subject) => WatchCore(subject, null);

    public IActorRef WatchWith(IActorRef subject, object message) =>
        WatchCore(subject, message ?? throw new ArgumentNullException(nameof(message)));

    private IActorRef WatchCore(IActorRef subject, object? customMessage)
    {
        if (subject is not IInternalActorRef target)
            throw new ArgumentException($"Cannot watch {subject}: it is not an actor of this system.", nameof(subject));
        if (ReferenceEquals(subject, Self)) return subject;
        _watching ??= [];
        if (_watching.TryAdd(subject, customMessage))
            target.SendSystemMessage(new Watch(target, Self));
        else
            _watching[subject] = customMessage;
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        if (_watching?.Remove(subject) == true && subject is IInternalActorRef target)
            target.SendSystemMessage(new Unwatch(target, Self));
        _terminatedQueued?.Remove(subject);
        return subject;
    }

    private void AddWatcher(Watch watch)
    {
        if (!ReferenceEquals(watch.Watchee, Self) || ReferenceEquals(watch.Watcher, Self)) return;
        (_watchedBy ??= []).Add(watch.Watcher);
    }

    private void RemoveWatcher(Unwatch unwatch)
    {
        if (ReferenceEquals(unwatch.Watchee, Self)) _watchedBy?.Remove(unwatch.Watcher);
    }

    private void WatchedActorTerminated(DeathWatchNotification death)
    {
        if (_watching is not null && _watching.Remove(death.Actor, out var custom) && !_isTerminating)
        {
            // Terminated is an ordinary message in our own mailbox, behind what is already queued.
            var message = custom ?? new Terminated(death.Actor, death.ExistenceConfirmed);
            (_terminatedQueued ??= []).Add(death.Actor);
            Self.Tell(new QueuedTermination(death.Actor, message), death.Actor);
        }
        if (ChildStatsOf(death.Actor) is not null) HandleChildTerminated(death.Actor);
    }

    private bool TakeQueuedTermination(IActorRef subject) => _terminatedQueued?.Remove(subject) == true;

    private void TellWatchersAndUnwatchAll()
    {
        if (_watchedBy is not null)
        {
            foreach (var watcher in _watchedBy)
                if (!ReferenceEquals(watcher, _parent)) // the parent is told below, as a child termination
                    watcher.SendSystemMessage(new DeathWatchNotification(Self, ExistenceConfirmed: true));
            _watchedBy = null;
        }
        if (_watching is not null)
        {
            foreach (var subject in _watching.Keys)
                ((IInternalActorRef)subject).SendSystemMessage(new Unwatch((IInternalActorRef)subject, Self));
            _watching = null;
        }
        _terminatedQueued = null;
    }
}

/// <summary>A Terminated (or WatchWith message) on its way through our own mailbox, checked against Unwatch.</summary>
internal sealed record QueuedTermination(IActorRef Subject, object Message) : IAutoReceivedMessage;
