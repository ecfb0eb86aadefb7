using Akka.Actor;
using Charger.Actors.Persistence;
using Charger.Tests.TestKit;

namespace Charger.Tests.Persistence;

/// <summary>Become, Persist from RecoveryCompleted, and what Persist refuses.</summary>
public sealed class PersistentActorBehaviourTests : ActorTestBase
{
    private readonly InMemoryJournal _journal = new(asynchronous: true);
    private readonly PersistenceContext _persistence;

    public PersistentActorBehaviourTests() =>
        _persistence = new PersistenceContext(_journal, new InMemorySnapshotStore(asynchronous: true),
            new PersistenceSerializer().Register<DoorEvent>("door-event"));

    public sealed record DoorEvent(string What);

    /// <summary>
    /// A door that writes "installed" once, from RecoveryCompleted, when its journal is empty; "lock"
    /// switches to a behaviour that refuses everything but "unlock" and "history". Replies go to the sender;
    /// a recovery failure's message goes to the parent.
    /// </summary>
    private sealed class Door : PersistentActor
    {
        private readonly List<string> _history = [];

        public Door(PersistenceContext persistence, bool persistWhileRecovering = false) : base(persistence)
        {
            Recover<DoorEvent>(e =>
            {
                _history.Add(e.What);
                if (persistWhileRecovering) Persist(e, _ => { });
            });
            Recover<RecoveryCompleted>(_ =>
            {
                if (LastSequenceNr == 0) Persist(new DoorEvent("installed"), e => _history.Add(e.What));
            });
            Unlocked();
        }

        public override string PersistenceId => "door";

        protected override void OnRecoveryFailure(Exception reason, object? message) => Context.Parent.Tell(reason.Message);

        private void Unlocked()
        {
            Command<string>(s => s == "lock", _ => Persist(new DoorEvent("locked"), e =>
            {
                _history.Add(e.What);
                Become(Locked);
                Sender.Tell("locked");
            }));
            Command<string>(s => s == "history", _ => Sender.Tell(string.Join(",", _history)));
        }

        private void Locked()
        {
            Command<string>(s => s == "unlock", _ => Persist(new DoorEvent("unlocked"), e =>
            {
                _history.Add(e.What);
                Become(Unlocked);
                Sender.Tell("unlocked");
            }));
            Command<string>(s => s == "history", _ => Sender.Tell(string.Join(",", _history)));
            CommandAny(m => Sender.Tell($"refused:{m}"));
        }
    }

    private IActorRef StartDoor() => Sys.ActorOf(Props.Create(() => new Door(_persistence, false)));

    [Fact]
    public async Task Events_persisted_from_RecoveryCompleted_are_written_before_the_first_command()
    {
        var probe = CreateProbe();
        var door = StartDoor();
        probe.Send(door, "history");
        probe.ExpectMsg("installed");

        probe.Watch(door);
        Sys.Stop(door);
        probe.ExpectTerminated(door);
        var again = StartDoor();
        probe.Send(again, "history");
        probe.ExpectMsg("installed"); // replayed, not written a second time
        Assert.Equal(1, await _journal.ReadHighestSequenceNrAsync("door"));
    }

    [Fact]
    public void Become_switches_the_command_handlers()
    {
        var probe = CreateProbe();
        var door = StartDoor();

        probe.Send(door, "lock");
        probe.ExpectMsg("locked");
        probe.Send(door, "open");
        probe.ExpectMsg("refused:open");
        probe.Send(door, "unlock");
        probe.ExpectMsg("unlocked");
        probe.Send(door, "open"); // unlocked again: nobody handles "open"
        probe.Send(door, "history");
        probe.ExpectMsg("installed,locked,unlocked");
    }

    [Fact]
    public async Task Persist_during_replay_is_a_recovery_failure()
    {
        await _journal.WriteAsync([new JournalEntry("door", 1, "door-event", 1, """{"what":"installed"}""", DateTimeOffset.UnixEpoch)]);
        var probe = CreateProbe();
        var door = Props.Create(() => new Door(_persistence, true)); // persisting while recovering
        Sys.ActorOf(Props.Create(() => new Forwarder(probe.Ref, door)));

        var message = probe.ExpectMsg<string>();

        Assert.Contains("during recovery", message);
    }

    /// <summary>Creates the child and forwards what the child tells it to the probe.</summary>
    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef probe, Props child)
        {
            Context.ActorOf(child, "child");
            ReceiveAny(m => probe.Tell(m));
        }
    }
}
