using Akka.Actor;
using Akka.Pattern;
using Akka.Persistence.TestKit;
using Charger.Actors.Charging;
using Charger.Actors.Sessions;

namespace Charger.Tests.Sessions;

public sealed partial class SessionActorTests
{
    /// <summary>
    /// The session actor when its journal fails or rejects a write (Akka.Persistence.TestKit's journal, in memory,
    /// with its fault injection): the actor stops, its backoff supervisor (wired as the charger supervisor wires it)
    /// brings it back, it recovers and reconciles with a fresh status, and the journal ends up with each session
    /// once, whole. The actor only ever asks its parent for the status: nothing it does reaches the link.
    /// </summary>
    public sealed class StoreFaults() : SessionActorHarness(TestJournalConfig)
    {
        private const string TestJournalConfig = """
            akka.persistence.journal.plugin = "akka.persistence.journal.test"
            akka.persistence.journal.test.class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
            akka.persistence.journal.test.plugin-dispatcher = "akka.actor.default-dispatcher"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.test"
            akka.persistence.snapshot-store.test.class = "Akka.Persistence.TestKit.TestSnapshotStore, Akka.Persistence.TestKit"
            akka.persistence.snapshot-store.test.plugin-dispatcher = "akka.actor.default-dispatcher"
            """;

        public enum Fault
        {
            Failed,
            Rejected,
        }

        private ITestJournal Journal => TestJournal.FromRef(JournalActor);

        /// <summary>
        /// The session actor under a backoff supervisor as <c>ChargersSupervisor</c> builds it (OnStop, asking its
        /// parent for the status), under a parent that passes everything coming up to the tracker probe: whatever the
        /// actor sends towards the charger supervisor (which owns the link and the command actor) is seen there.
        /// </summary>
        private IActorRef StartSupervised()
        {
            var backoff = BackoffSupervisor.Props(Backoff.OnStop(
                SessionActor.Props(Charger, Options()), SessionActor.Name, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), randomFactor: 0, maxNrOfRetries: -1));
            var parent = Sys.ActorOf(Props.Create(() => new ForwardingParent(backoff, Tracker.Ref)));
            Probe.Send(parent, ForwardingParent.GetChild.Instance);
            return Probe.ExpectMsg<IActorRef>();
        }

        private async Task Inject(Fault fault)
        {
            if (fault == Fault.Failed) await Journal.OnWrite.Fail();
            else await Journal.OnWrite.Reject();
        }

        /// <summary>Waits until the supervisor has handled the child's termination (and scheduled its restart on the manual clock).</summary>
        private void AwaitChildGone(IActorRef supervisor) => AwaitAssert(() =>
        {
            Probe.Send(supervisor, BackoffSupervisor.GetCurrentChild.Instance);
            Assert.Null(Probe.ExpectMsg<BackoffSupervisor.CurrentChild>().Ref);
        });

        /// <summary>Nothing but status questions went up from the session actor: it never asked for anything to be done to the charge.</summary>
        private void AssertOnlyStatusQuestionsWentUp() =>
            Assert.All(Tracker.ReceiveWhile<object>(TimeSpan.FromMilliseconds(200), m => m), m => Assert.IsType<StateTrackerActor.GetStatus>(m));

        [Theory]
        [InlineData(Fault.Failed)]
        [InlineData(Fault.Rejected)]
        public async Task A_journal_fault_stops_the_actor_its_backoff_supervisor_restarts_it_and_it_recovers_and_reconciles(Fault fault)
        {
            var supervisor = StartSupervised();
            ReplyStatus(3);
            Send(supervisor, ChargerEventType.ChargeAuthorized, userId: "driver-7");
            Transition(supervisor, 3, 5);
            Assert.NotNull(Open(supervisor).Session);
            var child = Probe.Watch(Probe.LastSender);

            await Inject(fault);
            Transition(supervisor, 5, 6); // the write fails or is rejected: the actor stops
            Probe.ExpectTerminated(child);
            // The supervisor schedules the restart when it handles the Terminated; the clock must not move before that.
            AwaitChildGone(supervisor);
            await Journal.OnWrite.Pass(); // the store works again
            Transition(supervisor, 6, 7); // arrives while it is down (dead letters) or to the restarted actor

            Time.Advance(TimeSpan.FromSeconds(1));
            ReplyStatus(7); // the restarted actor recovers and reconciles with where the missed events led

            Assert.Null(Open(supervisor).Session);
            var session = Assert.Single(Sessions(supervisor));
            Assert.Equal((SessionStatus.Completed, "driver-7", 7), (session.Status, session.UserId, session.EndState));
            Assert.Equal([ChargerEventType.ChargeStarted, ChargerEventType.ChargeStopped], session.Events.Select(e => e.Type)); // the pause was never stored
            var journaled = Journaled();
            Assert.Single(journaled.OfType<StartAuthorized>());
            Assert.Single(journaled.OfType<SessionOpened>());
            Assert.Single(journaled.OfType<SessionClosed>());
            AssertOnlyStatusQuestionsWentUp();
        }

        [Theory]
        [InlineData(Fault.Failed)]
        [InlineData(Fault.Rejected)]
        public async Task A_start_request_the_journal_could_not_store_is_never_answered_and_the_next_one_is(Fault fault)
        {
            var supervisor = StartSupervised();
            ReplyStatus(3);
            var child = Probe.Watch(CurrentChild(supervisor));

            await Inject(fault);
            Probe.Send(supervisor, new CommandActor.RecordStart(1, "driver-7", Time.GetUtcNow()));
            Probe.ExpectTerminated(child); // no StartRecorded before it: the command actor times out and sends no AUTH
            AwaitChildGone(supervisor);
            await Journal.OnWrite.Pass();
            Time.Advance(TimeSpan.FromSeconds(1));
            ReplyStatus(3, authorized: false);

            Probe.Send(supervisor, new CommandActor.RecordStart(2, "driver-8", Time.GetUtcNow())); // the user tries again
            Assert.Equal(2, Probe.ExpectMsg<CommandActor.StartRecorded>().RequestId);
            Transition(supervisor, 3, 5);

            Assert.Equal("driver-8", Assert.Single(Sessions(supervisor)).UserId);
            Assert.Equal(["driver-8"], Journaled().OfType<StartRequested>().Select(e => e.UserId));
            AssertOnlyStatusQuestionsWentUp();
        }

        private IActorRef CurrentChild(IActorRef supervisor)
        {
            Probe.Send(supervisor, BackoffSupervisor.GetCurrentChild.Instance);
            return Probe.ExpectMsg<BackoffSupervisor.CurrentChild>().Ref!;
        }

        /// <summary>Stands in for the charger supervisor: creates the backoff supervisor and passes up whatever comes from it.</summary>
        private sealed class ForwardingParent : ReceiveActor
        {
            public sealed record GetChild
            {
                public static readonly GetChild Instance = new();
            }

            public ForwardingParent(Props child, IActorRef up)
            {
                var supervisor = Context.ActorOf(child, SessionActor.Name);
                Receive<GetChild>(_ => Sender.Tell(supervisor));
                ReceiveAny(m => up.Forward(m));
            }
        }
    }
}
