using Charger.Actors.Kernel.Event;
using Microsoft.Extensions.Logging;

namespace Charger.Actors.Kernel;

/// <summary>
/// A tree of actors under a root guardian, with /user for application actors and /system for the
/// kernel's own. It owns the event stream, dead letters, the clock and coordinated shutdown.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorCell _root;
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private long _tempCounter;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        SupervisionLog = settings.LoggerFactory.CreateLogger("Charger.Actors.Kernel.Supervision");
        var rootPath = ActorPath.Root(name);
        EventStream = new EventStream();
        DeadLetters = new DeadLetterActorRef(this, rootPath.Child("deadLetters"),
            settings.LoggerFactory.CreateLogger("Charger.Actors.Kernel.DeadLetters"));
        CoordinatedShutdown = new CoordinatedShutdown(this, settings.ShutdownPhases);

        _root = new ActorCell(this, Props.Create<RootGuardianActor>(), null, rootPath);
        // The guardians exist before the root runs PreStart, which watches them.
        _userGuardian = ((LocalActorRef)_root.AttachChild(
            Props.Create<GuardianActor>().WithSupervisorStrategy(settings.UserGuardianStrategy), "user")).Cell;
        _systemGuardian = ((LocalActorRef)_root.AttachChild(Props.Create<GuardianActor>(), "system")).Cell;
        _root.Start();
    }

    /// <summary>Creates and starts a system. The name must be a valid actor path element.</summary>
    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
    {
        ActorPath.ValidateName(name);
        settings ??= new ActorSystemSettings();
        settings.Validate();
        return new ActorSystem(name, settings);
    }

    public string Name { get; }

    public ActorSystemSettings Settings { get; }

    public TimeProvider TimeProvider => Settings.TimeProvider;

    public ILoggerFactory LoggerFactory => Settings.LoggerFactory;

    public EventStream EventStream { get; }

    public IActorRef DeadLetters { get; }

    public CoordinatedShutdown CoordinatedShutdown { get; }

    /// <summary>Completes when every actor has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal ILogger SupervisionLog { get; }

    /// <summary>Creates a top-level actor under /user (thread-safe).</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.ActorOf(props, name);

    /// <summary>Creates a kernel or infrastructure actor under /system (thread-safe).</summary>
    public IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.ActorOf(props, name);

    /// <summary>
    /// The live actor at <paramref name="path"/> (like <c>/user/chargers/cp-1</c>), or
    /// <see cref="ActorRefs.Nobody"/>: a synchronous stand-in for Akka's <c>ActorSelection.ResolveOne</c>,
    /// for operators' tools and tests that need an actor nobody handed them.
    /// </summary>
    public IActorRef Lookup(string path)
    {
        IActorRef current = _root.Self;
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current is not LocalActorRef local) return ActorRefs.Nobody;
            current = local.Cell.Child(name);
        }
        // A stopped child stays in its parent's container until the parent handles the death notice, which
        // can be after the stopped actor's watchers heard of it: "live" means its mailbox is still open.
        return current is IInternalActorRef { IsTerminated: true } ? ActorRefs.Nobody : current;
    }

    /// <summary>
    /// A snapshot of the whole supervision tree from the root: every actor's path, type, state,
    /// restarts in its parent's window, last failure and backoff. Safe from any thread and never
    /// messages an actor: it reads only values the actors publish atomically (see
    /// <c>ActorCell.Inspection.cs</c>), so each node is consistent, while actors that change during
    /// the walk appear either before or after the change.
    /// </summary>
    public ActorNode Inspect() => _root.Inspect(null, TimeProvider.GetTimestamp());

    /// <summary>Stops an actor asynchronously (children first, then PostStop).</summary>
    public void Stop(IActorRef actor) => (actor as IInternalActorRef)?.SendSystemMessage(Dispatch.Terminate.Instance);

    /// <summary>Runs <see cref="CoordinatedShutdown"/> (whose last phase stops all actors) and completes when done.</summary>
    public Task Terminate() => CoordinatedShutdown.Run(CoordinatedShutdown.ActorSystemTerminateReason.Instance);

    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    /// <summary>The last step of shutdown: stop /user, then /system, then the root.</summary>
    internal Task StopAllActors()
    {
        _userGuardian.Self.SendSystemMessage(Dispatch.Terminate.Instance);
        return WhenTerminated;
    }

    internal void OnRootTerminated() => _terminated.TrySetResult();

    internal ActorPath NewTempPath() =>
        _root.Self.Path.Child("temp").Child("$" + Interlocked.Increment(ref _tempCounter).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => $"ActorSystem({Name})";
}
