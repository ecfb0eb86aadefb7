using Akka.Actor;
using Akka.Event;
using Akka.Pattern;

namespace Charger.Actors.Serial;

/// <summary>
/// Reconnects a link on the device event: it owns the link's <see cref="DevicePresenceWatcher"/> and, when the
/// device node (re)appears, has the link's <see cref="BackoffSupervisor"/> start its port actor now
/// (<see cref="BackoffSupervisor.StartChild"/>) instead of at the next backoff tick. Every start still goes
/// through the backoff supervisor, and a start that fails backs off as usual.
/// </summary>
/// <remarks>
/// The event can come before the link has noticed that the old device is gone (a re-plug faster than the
/// hang-up travels through the read thread, or a node re-created in a millisecond): a backoff supervisor
/// ignores <see cref="BackoffSupervisor.StartChild"/> while its child lives or is being stopped, and then
/// waits out its delay. So the event is kept until it can act: this actor asks the link for its child; with
/// none it starts one; with the old one still there it watches it and asks again once it has terminated
/// (the link learns of that termination through its own mailbox, so a second question may be needed, and it
/// comes after the link's own notice). It lets go once a connection newer than the event is up, or after the
/// silence timeout (by then a dead connection has failed on its own and backs off normally).
/// </remarks>
public sealed class DeviceWatchActor : ReceiveActor, IWithTimers
{
    public const string Name = "device-watch";

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The device node appeared (told by the watcher's thread).</summary>
    public sealed record DeviceAppeared
    {
        public static readonly DeviceAppeared Instance = new();
    }

    private sealed record GiveUp
    {
        public static readonly GiveUp Instance = new();
    }

    private readonly IActorRef _link;
    private readonly SerialLinkOptions _options;
    private readonly LinkMonitor _monitor;
    private DevicePresenceWatcher? _watcher;
    private Pending? _pending;

    /// <summary>An event not yet acted on: the link as it was then, and the old child once known.</summary>
    private sealed record Pending(bool WasUp, long Reconnects)
    {
        public IActorRef? OldChild { get; set; }

        public bool OldChildTerminated { get; set; }
    }

    public DeviceWatchActor(IActorRef link, SerialLinkOptions options, LinkMonitor monitor)
    {
        _link = link;
        _options = options;
        _monitor = monitor;
        Receive<DeviceAppeared>(_ => OnAppeared());
        Receive<BackoffSupervisor.CurrentChild>(OnCurrentChild);
        Receive<Terminated>(OnTerminated);
        Receive<GiveUp>(_ => Forget());
    }

    public static Props Props(IActorRef link, SerialLinkOptions options, LinkMonitor monitor) =>
        Akka.Actor.Props.Create(() => new DeviceWatchActor(link, options, monitor));

    protected override void PreStart()
    {
        var self = Self;
        try
        {
            _watcher = new DevicePresenceWatcher(_options.PortPath, _options.DeviceDirectory,
                () => self.Tell(DeviceAppeared.Instance, ActorRefs.NoSender));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Out of inotify instances, or a folder we may not read: the link still reconnects on its backoff.
            Context.GetLogger().Warning("Not watching for the serial device to reappear ({Error}); a re-plugged device reconnects on the next backoff attempt", e.Message);
        }
    }

    protected override void PostStop() => _watcher?.Dispose();

    private void OnAppeared()
    {
        Forget();
        var link = _monitor.Current;
        _pending = new Pending(link.IsUp, link.Reconnects);
        Timers.StartSingleTimer(nameof(GiveUp), GiveUp.Instance, _options.SilenceTimeout);
        AskForChild();
    }

    private void AskForChild() => _link.Tell(BackoffSupervisor.GetCurrentChild.Instance, Self);

    private void OnCurrentChild(BackoffSupervisor.CurrentChild current)
    {
        if (_pending is not { } pending) return;
        var child = current.Ref;
        if (child is null || child.IsNobody())
        {
            // Backing off (or never started): start now.
            _link.Tell(BackoffSupervisor.StartChild.Instance, Self);
            Forget();
            return;
        }
        var link = _monitor.Current;
        if (link.IsUp && (!pending.WasUp || link.Reconnects > pending.Reconnects))
        {
            Forget(); // a connection made after the event is up already
            return;
        }
        if (pending.OldChild is { } old && old.Equals(child))
        {
            // The link still names the child we saw terminate: its own notice is queued ahead of this question now.
            if (pending.OldChildTerminated) AskForChild();
            return;
        }
        pending.OldChild = child;
        pending.OldChildTerminated = false;
        Context.Watch(child);
    }

    private void OnTerminated(Terminated terminated)
    {
        if (_pending is not { OldChild: { } old } pending || !old.Equals(terminated.ActorRef)) return;
        pending.OldChildTerminated = true;
        AskForChild();
    }

    private void Forget()
    {
        if (_pending?.OldChild is { } old) Context.Unwatch(old);
        _pending = null;
        Timers.Cancel(nameof(GiveUp));
    }
}
