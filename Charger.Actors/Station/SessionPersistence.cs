using Charger.Actors.Sessions;

namespace Charger.Actors.Station;

/// <summary>
/// Gives every charger a <see cref="SessionActor"/>, journaling to the ActorSystem's default Akka.Persistence journal
/// (<see cref="Sessions.Journal.SessionJournal"/> composes it). It runs under
/// a backoff supervisor in OnStop mode (a journal failure stops it; the supervisor recreates it, and it
/// recovers and reconciles with a fresh status). The supervisor is the tracker's consumer, so the tracker's
/// reference stays valid across those restarts; events that arrive while no session actor runs are dropped
/// and re-derived by the reconciliation (<see cref="SessionActor"/>).
/// </summary>
public sealed record SessionPersistence(SessionActorOptions Options)
{
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
