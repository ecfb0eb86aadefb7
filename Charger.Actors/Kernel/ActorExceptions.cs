namespace Charger.Actors.Kernel;

/// <summary>The actor's constructor, PreStart or PostRestart threw. The default decider stops the actor.</summary>
public class ActorInitializationException(IActorRef? actor, string message, Exception? cause)
    : Exception(message, cause)
{
    public IActorRef? Actor { get; } = actor;
}

/// <summary>Thrown inside an actor that received <see cref="Kill"/>. The default decider stops the actor.</summary>
public sealed class ActorKilledException(string message) : Exception(message);

/// <summary>An actor did not handle the <see cref="Terminated"/> of an actor it watched. The default decider stops it.</summary>
public sealed class DeathPactException(IActorRef deadActor)
    : Exception($"Monitored actor [{deadActor}] terminated and the watcher did not handle Terminated.")
{
    public IActorRef DeadActor { get; } = deadActor;
}

/// <summary>An actor API was used in a state where it cannot work (e.g. stashing the same message twice).</summary>
public sealed class IllegalActorStateException(string message) : Exception(message);
