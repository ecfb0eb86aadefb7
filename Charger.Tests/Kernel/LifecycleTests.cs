using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class LifecycleTests : ActorTestBase
{
    [Fact]
    public void Hooks_run_in_order_with_the_reason_and_the_failing_message()
    {
        var events = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new TestActors.Lifecycle(events.Ref)), "hooks");
        events.ExpectMsg("PreStart:hooks");
        var failure = new TestActors.Fail(new InvalidOperationException("bad"));
        actor.Tell(failure);
        var pre = events.ExpectMsg<TestActors.PreRestartCalled>();
        Assert.Equal("bad", pre.Reason.Message);
        Assert.Same(failure, pre.Message);
        events.ExpectMsg("PostStop:hooks"); // default PreRestart calls PostStop
        var post = events.ExpectMsg<TestActors.PostRestartCalled>();
        Assert.Same(pre.Reason, post.Reason);
        events.ExpectMsg("PreStart:hooks"); // default PostRestart calls PreStart
        events.Watch(actor);
        Sys.Stop(actor);
        events.ExpectMsg("PostStop:hooks");
        events.ExpectTerminated(actor);
    }

    [Fact]
    public void The_reference_and_the_mailbox_survive_a_restart_and_the_failing_message_is_dropped()
    {
        var events = CreateProbe();
        var gate = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new TestActors.Lifecycle(events.Ref)), "survivor");
        events.ExpectMsg("PreStart:survivor");
        actor.Tell("one");
        events.ExpectMsg("got:one:1");
        // Queue messages behind the failure: they must reach the new instance, in order.
        actor.Tell(new TestActors.Fail(new InvalidOperationException("x")));
        actor.Tell("two");
        actor.Tell("three");
        events.ExpectMsg<TestActors.PreRestartCalled>();
        events.ExpectMsg("PostStop:survivor");
        events.ExpectMsg<TestActors.PostRestartCalled>();
        events.ExpectMsg("PreStart:survivor");
        events.ExpectMsg("got:two:1"); // state was reset: a new instance
        events.ExpectMsg("got:three:2");
        gate.Set();
    }

    private sealed class FailingConstructor : ReceiveActor
    {
        public FailingConstructor() => throw new InvalidOperationException("cannot build");
    }

    [Fact]
    public void A_failing_constructor_stops_the_actor_under_the_default_decider()
    {
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new FailingConstructor()));
        probe.Watch(actor);
        probe.ExpectTerminated(actor);
    }

    private sealed class FailingPreStart(IActorRef probe) : ReceiveActor
    {
        protected override void PreStart() => throw new InvalidOperationException("no start");

        protected override void PostStop() => probe.Tell("PostStop ran");
    }

    [Fact]
    public void A_failing_PreStart_stops_the_actor_without_PostStop()
    {
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new FailingPreStart(probe.Ref)));
        probe.Watch(actor);
        probe.ExpectTerminated(actor);
    }

    [Fact]
    public void PoisonPill_stops_after_the_messages_before_it()
    {
        var events = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new TestActors.Lifecycle(events.Ref)), "pill");
        events.ExpectMsg("PreStart:pill");
        actor.Tell("a");
        actor.Tell(PoisonPill.Instance);
        actor.Tell("b");
        events.ExpectMsg("got:a:1");
        events.ExpectMsg("PostStop:pill");
        events.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Kill_fails_the_actor_with_ActorKilledException_which_stops_it()
    {
        var events = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new TestActors.Lifecycle(events.Ref)), "killed");
        events.ExpectMsg("PreStart:killed");
        events.Watch(actor);
        actor.Tell(Kill.Instance);
        events.ExpectMsg("PostStop:killed");
        events.ExpectTerminated(actor);
    }

    [Fact]
    public void Messages_to_a_stopped_actor_become_dead_letters()
    {
        var probe = CreateProbe();
        Sys.EventStream.Subscribe<Actors.Kernel.Event.DeadLetter>(probe.Ref);
        var actor = Sys.ActorOf(Props.Create<TestActors.Echo>());
        probe.Watch(actor);
        Sys.Stop(actor);
        probe.ExpectTerminated(actor);
        actor.Tell("lost", probe.Ref);
        var letter = probe.ExpectMsg<Actors.Kernel.Event.DeadLetter>();
        Assert.Equal("lost", letter.Message);
        Assert.Same(actor, letter.Recipient);
        Assert.Same(probe.Ref, letter.Sender);
    }
}
