using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using Charger.Actors.Charging;
using Charger.Actors.Serial;
using Charger.Actors.Sessions;
using Charger.Tests.TestKit;

namespace Charger.Tests.Sessions;

/// <summary>
/// Plays a charger around its <see cref="SessionActor"/>: a probe is the state tracker (it answers the actor's
/// status questions), the test sends the tracker's events, and what was journaled is read back from the
/// system's journal (<see cref="JournalReader"/>) and folded into sessions as the read side does.
/// </summary>
public abstract class SessionActorHarness : ActorTestBase
{
    protected const string Charger = "cp-1";

    protected static readonly string PersistenceId = SessionActor.PersistenceIdOf(Charger);

    private int _ids;

    /// <param name="persistenceConfig">The journal and snapshot store the system runs.</param>
    protected SessionActorHarness(string persistenceConfig) : base(extraConfig: persistenceConfig)
    {
        Tracker = CreateProbe("tracker");
        Probe = CreateProbe("probe");
    }

    /// <summary>Plays the state tracker: the actor asks it for the status it reconciles with.</summary>
    protected TestProbe Tracker { get; }

    /// <summary>Sends the charger's events and the test's questions.</summary>
    protected TestProbe Probe { get; }

    /// <summary>The tracker's event sequence: the last event sent.</summary>
    protected long Sequence { get; set; }

    protected SessionActorOptions Options(int snapshotEvery = 100) => new() { SnapshotEvery = snapshotEvery, NewSessionId = () => $"s-{++_ids}" };

    protected Props SessionProps(int snapshotEvery = 100) => SessionActor.Props(Charger, Options(snapshotEvery), Tracker.Ref);

    /// <summary>Starts the actor and reconciles it with <paramref name="state"/> (as the tracker's first fresh status).</summary>
    protected IActorRef Start(int state = 1, int snapshotEvery = 100)
    {
        var actor = Sys.ActorOf(SessionProps(snapshotEvery));
        ReplyStatus(state);
        return actor;
    }

    protected void ReplyStatus(int state, bool linkUp = true, StatusFreshness freshness = StatusFreshness.Fresh, bool? authorized = null)
    {
        Tracker.ExpectMsg<StateTrackerActor.GetStatus>();
        Tracker.Reply(new StateTrackerActor.CurrentStatus(new ChargerStatus { StateCode = state, ReceivedAt = Time.GetUtcNow(), Authorized = authorized }, freshness,
            new LinkState(linkUp, Time.GetUtcNow(), "/dev/ttyUSB0", 0, null, 0)) { EventSequence = Sequence });
    }

    protected void Send(IActorRef actor, ChargerEventType type, int? from = null, int? to = null, string? userId = null) =>
        Probe.Send(actor, new ChargerEvent(Charger, ++Sequence, type, Time.GetUtcNow(), from, to, UserId: userId));

    /// <summary>Sends the tracker's events for <paramref name="from"/> -> <paramref name="to"/>.</summary>
    protected void Transition(IActorRef actor, int from, int to)
    {
        Time.Advance(TimeSpan.FromSeconds(1));
        foreach (var type in TransitionClassifier.Classify(from, to)) Send(actor, type, from, to);
    }

    protected SessionActor.OpenSession Open(IActorRef actor)
    {
        Probe.Send(actor, SessionActor.GetOpenSession.Instance);
        return Probe.ExpectMsg<SessionActor.OpenSession>();
    }

    /// <summary>Everything journaled under the charger's persistence id, from the first event (only while its writer is idle).</summary>
    protected IReadOnlyList<object> Journaled() => JournalReader.ReadAll(Sys, PersistenceId);

    /// <summary>Every session the journal holds once <paramref name="actor"/> has handled what was sent to it, folded as the read side does.</summary>
    protected List<ChargingSession> Sessions(IActorRef actor)
    {
        Open(actor);
        var sessions = new List<ChargingSession>();
        foreach (var e in Journaled())
        {
            if (e is SessionOpened opened) sessions.Add(ChargingSession.Open(opened));
            else if (e is ISessionEvent sessionEvent) sessions[^1] = sessions[^1].Apply(sessionEvent);
        }
        return sessions;
    }

    /// <summary>Stops <paramref name="actor"/> once it has handled (and journaled) what was sent to it: a stop overtakes the mailbox.</summary>
    protected void StopAndWait(IActorRef actor)
    {
        Open(actor);
        Probe.Watch(actor);
        Sys.Stop(actor);
        Probe.ExpectTerminated(actor);
    }

    /// <summary>The system's default journal plugin actor.</summary>
    protected IActorRef JournalActor => Persistence.Instance.Apply(Sys).JournalFor(null);

    /// <summary>The system's default snapshot store plugin actor.</summary>
    protected IActorRef SnapshotStoreActor => Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
}
