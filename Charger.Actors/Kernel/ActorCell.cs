using Charger.Actors.Kernel.Dispatch;
using Charger.Actors.Kernel.Event;
using Microsoft.Extensions.Logging;

namespace Charger.Actors.Kernel;

/// <summary>
/// The runtime state of one actor: its current instance, mailbox, children, watchers, timers and
/// behaviour stack. It outlives restarts (which swap only the instance) and is what
/// <see cref="IActorContext"/> is. Everything here runs on the actor's own turn, except the
/// children table (guarded by a lock because <c>system.ActorOf</c> may add to a guardian from anywhere).
/// This file holds the context API and message dispatch; the lifecycle, death watch and async support
/// are in the other ActorCell.*.cs files.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic] private static ActorCell? t_current;
    [ThreadStatic] private static ActorCell? t_creating;
    private static long s_nextUid;

    private readonly IInternalActorRef? _parent;
    private readonly object _childrenLock = new();
    private readonly Dictionary<string, ChildRestartStats> _children = new(StringComparer.Ordinal);
    private readonly List<Receive> _behaviors = [];
    private long _autoNameCounter;
    private ActorBase? _actor;
    private Envelope _current;
    private TimerScheduler? _timers;
    private ILogger? _log;

    public ActorCell(ActorSystem system, Props props, IInternalActorRef? parent, ActorPath path)
    {
        System = system;
        Props = props;
        _parent = parent;
        Uid = Interlocked.Increment(ref s_nextUid);
        Mailbox = new Mailbox(this, system.Settings.Throughput, props.Mailbox as DropOldestMailbox);
        Self = new LocalActorRef(this, path);
    }

    /// <summary>The cell whose turn runs on this thread (set by the mailbox).</summary>
    internal static ActorCell? Current
    {
        get => t_current;
        set => t_current = value;
    }

    /// <summary>The cell whose actor constructor runs on this thread (read by <see cref="ActorBase"/>).</summary>
    internal static ActorCell? Creating => t_creating;

    public long Uid { get; }

    internal Mailbox Mailbox { get; }

    internal LocalActorRef Self { get; }

    IActorRef IActorContext.Self => Self;

    public ActorSystem System { get; }

    public Props Props { get; }

    public IActorRef Parent => _parent ?? (IActorRef)Self;

    public IActorRef Sender => _current.Sender ?? System.DeadLetters;

    internal IActorRef? SenderOrNull => _current.Sender;

    internal Envelope CurrentEnvelope => _current;

    public ILogger Log => _log ??= System.LoggerFactory.CreateLogger(Props.ActorType.FullName ?? Props.ActorType.Name);

    public ITimerScheduler Timers => _timers ??= new TimerScheduler(Self, System.TimeProvider);

    internal void Start() => Mailbox.PostSystem(Create.Instance);

    // ---- user messages ----

    internal void Invoke(in Envelope envelope)
    {
        _current = envelope;
        try
        {
            if (envelope.Message is IAutoReceivedMessage auto) AutoReceive(auto);
            else ReceiveMessage(envelope.Message);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e, envelope.Message, escalatedFrom: null);
        }
        finally
        {
            _current = default;
        }
    }

    private void ReceiveMessage(object message)
    {
        var actor = _actor;
        if (actor is null)
        {
            System.DeadLetters.Tell(new DeadLetter(message, _current.Sender, Self), _current.Sender);
            return;
        }
        var handled = _behaviors.Count > 0 ? _behaviors[^1](message) : actor.Receive(message);
        if (!handled) actor.InvokeUnhandled(message);
    }

    private void AutoReceive(IAutoReceivedMessage message)
    {
        switch (message)
        {
            case TimerMessage tick:
                if (_timers is null || !_timers.Accept(tick)) return; // replaced or cancelled meanwhile
                _current = new Envelope(tick.Message, null);
                ReceiveMessage(tick.Message);
                break;
            case QueuedTermination death:
                // Our own watch's notice: skipped if Unwatch came first. A Terminated that someone
                // forwards is an ordinary message (Akka would drop it; a test probe needs it).
                if (!TakeQueuedTermination(death.Subject)) return;
                _current = new Envelope(death.Message, death.Subject);
                ReceiveMessage(death.Message);
                break;
            case PoisonPill:
                Stop(Self);
                break;
            case Kill:
                throw new ActorKilledException("Kill");
            default:
                ReceiveMessage(message);
                break;
        }
    }

    // ---- behaviour ----

    public void Become(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        if (_behaviors.Count > 0) _behaviors[^1] = receive;
        else _behaviors.Add(receive);
    }

    public void BecomeStacked(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behaviors.Add(receive);
    }

    public void UnbecomeStacked()
    {
        if (_behaviors.Count > 0) _behaviors.RemoveAt(_behaviors.Count - 1);
    }

    // ---- children ----

    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            lock (_childrenLock) return _children.Values.Select(IActorRef (c) => c.Child).ToArray();
        }
    }

    public IActorRef Child(string name)
    {
        lock (_childrenLock) return _children.TryGetValue(name, out var stats) ? stats.Child : ActorRefs.Nobody;
    }

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is null) name = "$" + EncodeAutoName(Interlocked.Increment(ref _autoNameCounter));
        else ActorPath.ValidateName(name);
        return AttachChild(props, name);
    }

    /// <summary>Creates a child; also used for the guardians, whose names are set by the system.</summary>
    internal IActorRef AttachChild(Props props, string name)
    {
        ActorCell child;
        lock (_childrenLock)
        {
            if (_isTerminating)
                throw new IllegalActorStateException($"Cannot create child [{name}]: {Self.Path} is stopping.");
            if (_children.ContainsKey(name))
                throw new InvalidActorNameException(
                    $"Actor name [{name}] is not unique under {Self.Path}: a sibling has it or has not finished stopping.");
            child = new ActorCell(System, props, Self, Self.Path.Child(name));
            _children.Add(name, new ChildRestartStats(child.Self));
        }
        child.Start();
        return child.Self;
    }

    public void Stop(IActorRef actor)
    {
        if (actor is not IInternalActorRef target) return;
        if (ChildStatsOf(actor) is { } child) StopChild(child);
        else target.SendSystemMessage(Dispatch.Terminate.Instance);
    }

    internal ChildRestartStats? ChildStatsOf(IActorRef actor)
    {
        lock (_childrenLock)
            return _children.TryGetValue(actor.Path.Name, out var stats) && ReferenceEquals(stats.Child, actor) ? stats : null;
    }

    private ChildRestartStats[] ChildrenSnapshot()
    {
        lock (_childrenLock) return [.. _children.Values];
    }

    private bool HasStoppingChildren()
    {
        lock (_childrenLock) return _children.Values.Any(c => c.Stopping);
    }

    private static string EncodeAutoName(long n)
    {
        // Akka-style short generated names: $a, $b, ... $aa
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+~";
        Span<char> buffer = stackalloc char[12];
        var i = buffer.Length;
        do
        {
            buffer[--i] = alphabet[(int)(n & 63)];
            n >>= 6;
        } while (n > 0);
        return new string(buffer[i..]);
    }

    public override string ToString() => Self.ToString();
}
