namespace Charger.Actors.Kernel.Dispatch;

/// <summary>
/// Lifecycle and supervision messages. They travel in their own queue and are processed before any
/// user message, so a failure or stop is never stuck behind a long mailbox.
/// </summary>
internal abstract record SystemMessage;

/// <summary>Construct the actor and run PreStart.</summary>
internal sealed record Create : SystemMessage
{
    public static readonly Create Instance = new();
}

/// <summary>Restart the actor (sent by its supervisor).</summary>
internal sealed record Recreate(Exception Cause) : SystemMessage;

/// <summary>Stop user-message processing (the parent failed); counted, so it nests.</summary>
internal sealed record Suspend : SystemMessage
{
    public static readonly Suspend Instance = new();
}

/// <summary>Undo one Suspend; <paramref name="CausedByFailure"/> is set for the child whose failure is resolved.</summary>
internal sealed record Resume(Exception? CausedByFailure) : SystemMessage;

/// <summary>Stop the actor: children first, then PostStop, then watchers are told.</summary>
internal sealed record Terminate : SystemMessage
{
    public static readonly Terminate Instance = new();
}

/// <summary>A child failed and waits for its parent's directive.</summary>
internal sealed record Failed(IActorRef Child, Exception Cause, long Uid) : SystemMessage;

internal sealed record Watch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

internal sealed record Unwatch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

/// <summary>The watched actor (or a child) has stopped.</summary>
internal sealed record DeathWatchNotification(IActorRef Actor, bool ExistenceConfirmed) : SystemMessage;

/// <summary>A continuation of an async handler, run on the actor's turn (see ActorSynchronizationContext).</summary>
internal sealed record RunContinuation(SendOrPostCallback Callback, object? State, int Generation) : SystemMessage;

/// <summary>The task of an async handler finished: resume the mailbox or fail.</summary>
internal sealed record AsyncHandlerCompleted(Task Task, int Generation) : SystemMessage;
