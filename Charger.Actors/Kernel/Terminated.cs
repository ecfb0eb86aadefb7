namespace Charger.Actors.Kernel;

/// <summary>
/// Delivered to a watcher when an actor it watches has stopped (never on restart).
/// An actor that does not handle it fails with <see cref="DeathPactException"/>.
/// </summary>
/// <param name="ActorRef">The actor that stopped.</param>
/// <param name="ExistenceConfirmed">False when the actor was already gone when the watch arrived.</param>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed);
