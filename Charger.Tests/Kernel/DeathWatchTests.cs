using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class DeathWatchTests : ActorTestBase
{
    private sealed record WatchIt(IActorRef Target);

    private sealed record UnwatchIt(IActorRef Target);

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef probe)
        {
            Receive<WatchIt>(w => Context.Watch(w.Target));
            Receive<UnwatchIt>(w => Context.Unwatch(w.Target));
            Receive<(IActorRef, string)>(w => Context.WatchWith(w.Item1, w.Item2));
            Receive<Terminated>(t => probe.Tell(t));
            Receive<ManualResetEventSlim>(gate =>
            {
                probe.Tell("blocked");
                gate.Wait(TimeSpan.FromSeconds(10));
            });
            Receive<string>(s => probe.Tell(s));
        }
    }

    [Fact]
    public void Watching_delivers_Terminated_when_the_actor_stops()
    {
        var probe = CreateProbe();
        var target = Sys.ActorOf(Props.Create<TestActors.Echo>());
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        watcher.Tell(new WatchIt(target));
        watcher.Tell("watching");
        probe.ExpectMsg("watching");
        Sys.Stop(target);
        var terminated = probe.ExpectMsg<Terminated>();
        Assert.Same(target, terminated.ActorRef);
        Assert.True(terminated.ExistenceConfirmed);
    }

    [Fact]
    public void Watching_an_already_dead_actor_delivers_Terminated_at_once()
    {
        var probe = CreateProbe();
        var target = Sys.ActorOf(Props.Create<TestActors.Echo>());
        probe.Watch(target);
        Sys.Stop(target);
        probe.ExpectTerminated(target);

        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        watcher.Tell(new WatchIt(target));
        var terminated = probe.ExpectMsg<Terminated>();
        Assert.Same(target, terminated.ActorRef);
        Assert.False(terminated.ExistenceConfirmed);
    }

    [Fact]
    public void A_restart_is_not_a_death()
    {
        var probe = CreateProbe();
        var events = CreateProbe();
        var target = Sys.ActorOf(Props.Create(() => new TestActors.Lifecycle(events.Ref)), "restarting");
        events.ExpectMsg("PreStart:restarting");
        probe.Watch(target);
        target.Tell(new TestActors.Fail(new InvalidOperationException("x")));
        events.ExpectMsg<TestActors.PreRestartCalled>();
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Unwatch_discards_a_Terminated_that_is_already_queued()
    {
        var probe = CreateProbe();
        var gate = new ManualResetEventSlim();
        var target = Sys.ActorOf(Props.Create<TestActors.Echo>());
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        watcher.Tell(new WatchIt(target));
        watcher.Tell(gate);
        probe.ExpectMsg("blocked");

        // While the watcher is busy: UnwatchIt is queued, then the target dies. Its Terminated can only
        // be queued once the watcher runs again, i.e. behind UnwatchIt, which must discard it.
        watcher.Tell(new UnwatchIt(target));
        var observer = CreateProbe();
        observer.Watch(target);
        Sys.Stop(target);
        observer.ExpectTerminated(target);
        gate.Set();
        watcher.Tell("after-unwatch");
        probe.ExpectMsg("after-unwatch");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void WatchWith_delivers_the_custom_message()
    {
        var probe = CreateProbe();
        var target = Sys.ActorOf(Props.Create<TestActors.Echo>());
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        watcher.Tell((target, "target-died"));
        watcher.Tell("watching");
        probe.ExpectMsg("watching");
        Sys.Stop(target);
        probe.ExpectMsg("target-died");
    }

    private sealed class Careless : ReceiveActor
    {
        public Careless(IActorRef target) => Context.Watch(target);

        protected override void PreStart() { }
    }

    [Fact]
    public void An_unhandled_Terminated_stops_the_watcher_with_a_death_pact()
    {
        var probe = CreateProbe();
        var target = Sys.ActorOf(Props.Create<TestActors.Echo>());
        var careless = Sys.ActorOf(Props.Create(() => new Careless(target)));
        probe.Watch(careless);
        Sys.Stop(target);
        probe.ExpectTerminated(careless);
    }

    [Fact]
    public async Task Stopping_a_parent_stops_its_children_first()
    {
        var events = CreateProbe();
        var parent = Sys.ActorOf(Props.Create(() => new TestActors.Lifecycle(events.Ref)), "parent");
        events.ExpectMsg("PreStart:parent");
        var child = await parent.Ask<IActorRef>(new TestActors.Spawn(Props.Create(() => new TestActors.Lifecycle(events.Ref)), "child"), TimeSpan.FromSeconds(3));
        events.ExpectMsg("PreStart:child");
        var probe = CreateProbe();
        probe.Watch(child);
        probe.Watch(parent);
        Sys.Stop(parent);
        events.ExpectMsg("PostStop:child");
        events.ExpectMsg("PostStop:parent");
        probe.ExpectTerminated(child);
        probe.ExpectTerminated(parent);
    }
}
