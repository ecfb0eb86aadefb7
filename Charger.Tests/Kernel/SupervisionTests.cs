using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class SupervisionTests : ActorTestBase
{
    private sealed class ResumeMe : Exception
    {
        public ResumeMe() : base("resume") { }
    }

    private sealed class StopMe : Exception
    {
        public StopMe() : base("stop") { }
    }

    private sealed class EscalateMe : Exception
    {
        public EscalateMe() : base("escalate") { }
    }

    private static Directive Decide(Exception e) => e switch
    {
        ResumeMe => Directive.Resume,
        StopMe => Directive.Stop,
        EscalateMe => Directive.Escalate,
        _ => Directive.Restart,
    };

    private IActorRef Spawn(IActorRef parent, Props props, string name) =>
        parent.Ask<IActorRef>(new TestActors.Spawn(props, name), TimeSpan.FromSeconds(3)).Result;

    private (IActorRef Parent, IActorRef Child, TestProbe Events) Family(SupervisorStrategy strategy, string child = "child")
    {
        var events = CreateProbe();
        var parent = Sys.ActorOf(Props.Create(() => new TestActors.Supervisor(strategy)));
        var kid = Spawn(parent, Props.Create(() => new TestActors.Lifecycle(events.Ref)), child);
        events.ExpectMsg($"PreStart:{child}");
        return (parent, kid, events);
    }

    [Fact]
    public void Resume_keeps_the_instance_and_its_state()
    {
        var (_, child, events) = Family(new OneForOneStrategy(Decide));
        child.Tell("a");
        events.ExpectMsg("got:a:1");
        child.Tell(new TestActors.Fail(new ResumeMe()));
        child.Tell("b");
        events.ExpectMsg("got:b:2");
    }

    [Fact]
    public void Restart_replaces_the_instance()
    {
        var (_, child, events) = Family(new OneForOneStrategy(Decide));
        child.Tell("a");
        events.ExpectMsg("got:a:1");
        child.Tell(new TestActors.Fail(new InvalidOperationException()));
        events.ExpectMsg<TestActors.PreRestartCalled>();
        events.ExpectMsg("PostStop:child");
        events.ExpectMsg<TestActors.PostRestartCalled>();
        events.ExpectMsg("PreStart:child");
        child.Tell("b");
        events.ExpectMsg("got:b:1");
    }

    [Fact]
    public void Stop_stops_the_child()
    {
        var (_, child, events) = Family(new OneForOneStrategy(Decide));
        events.Watch(child);
        child.Tell(new TestActors.Fail(new StopMe()));
        events.ExpectMsg("PostStop:child");
        events.ExpectTerminated(child);
    }

    [Fact]
    public void Escalate_fails_the_parent_whose_supervisor_then_decides()
    {
        var events = CreateProbe();
        // grandparent (OneForOne, Restart) -> parent (escalates everything) -> child
        var grandparent = Sys.ActorOf(Props.Create(() => new TestActors.Supervisor(new OneForOneStrategy(_ => Directive.Restart))));
        var parent = Spawn(grandparent, Props.Create(() => new TestActors.Lifecycle(events.Ref))
            .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Escalate)), "parent");
        events.ExpectMsg("PreStart:parent");
        var child = Spawn(parent, Props.Create(() => new TestActors.Lifecycle(events.Ref)), "child");
        events.ExpectMsg("PreStart:child");
        events.Watch(child);

        child.Tell(new TestActors.Fail(new EscalateMe()));
        // The parent restarts with the child's exception; its default PreRestart stops the child.
        var pre = events.FishForMessage<TestActors.PreRestartCalled>(p => p.Name == "parent");
        Assert.IsType<EscalateMe>(pre.Reason);
        events.FishForMessage<Terminated>(t => ReferenceEquals(t.ActorRef, child));
        var post = events.FishForMessage<TestActors.PostRestartCalled>(p => p.Name == "parent");
        Assert.IsType<EscalateMe>(post.Reason);
    }

    [Fact]
    public async Task An_escalation_that_reaches_the_user_guardian_terminates_the_system()
    {
        // With a /user guardian that escalates, a top-level failure fails the guardian itself;
        // the root answers with Stop, and a stopped /user guardian terminates the system.
        await using var system = ActorSystem.Create("escalation", new ActorSystemSettings
        {
            UserGuardianStrategy = new OneForOneStrategy(_ => Directive.Escalate),
        });
        var doomed = system.ActorOf(Props.Create(() => new TestActors.Supervisor(SupervisorStrategy.DefaultStrategy)));
        doomed.Tell(new TestActors.Fail(new InvalidOperationException("to the top")));
        await system.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void With_the_default_guardian_a_failing_top_level_actor_is_restarted()
    {
        var events = CreateProbe();
        var top = Sys.ActorOf(Props.Create(() => new TestActors.Lifecycle(events.Ref)), "top");
        events.ExpectMsg("PreStart:top");
        top.Tell(new TestActors.Fail(new InvalidOperationException("x")));
        events.ExpectMsg<TestActors.PreRestartCalled>();
        Assert.False(Sys.WhenTerminated.IsCompleted);
    }

    [Fact]
    public void OneForOne_allows_exactly_max_retries_within_the_window_then_stops()
    {
        var (_, child, events) = Family(new OneForOneStrategy(3, TimeSpan.FromMinutes(1), Decide));
        events.Watch(child);
        for (var i = 1; i <= 3; i++)
        {
            child.Tell(new TestActors.Fail(new InvalidOperationException($"#{i}")));
            events.ExpectMsg<TestActors.PreRestartCalled>(p => p.Reason.Message == $"#{i}");
            events.ExpectMsg("PostStop:child");
            events.ExpectMsg<TestActors.PostRestartCalled>();
            events.ExpectMsg("PreStart:child");
        }
        child.Tell(new TestActors.Fail(new InvalidOperationException("#4")));
        events.ExpectMsg("PostStop:child");
        events.ExpectTerminated(child);
    }

    [Fact]
    public void The_restart_budget_resets_when_the_window_has_passed()
    {
        var (_, child, events) = Family(new OneForOneStrategy(2, TimeSpan.FromMinutes(1), Decide));
        events.Watch(child);
        void FailAndExpectRestart(string tag)
        {
            child.Tell(new TestActors.Fail(new InvalidOperationException(tag)));
            events.ExpectMsg<TestActors.PreRestartCalled>(p => p.Reason.Message == tag);
            events.ExpectMsg("PostStop:child");
            events.ExpectMsg<TestActors.PostRestartCalled>();
            events.ExpectMsg("PreStart:child");
        }
        FailAndExpectRestart("1");
        FailAndExpectRestart("2");
        Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromTicks(1));
        FailAndExpectRestart("3"); // a new window
        FailAndExpectRestart("4");
        child.Tell(new TestActors.Fail(new InvalidOperationException("5")));
        events.ExpectMsg("PostStop:child");
        events.ExpectTerminated(child);
    }

    [Fact]
    public void Zero_retries_means_the_first_failure_stops()
    {
        var (_, child, events) = Family(new OneForOneStrategy(0, TimeSpan.FromMinutes(1), Decide));
        events.Watch(child);
        child.Tell(new TestActors.Fail(new InvalidOperationException()));
        events.ExpectMsg("PostStop:child");
        events.ExpectTerminated(child);
    }

    [Fact]
    public void Retries_without_a_window_are_counted_for_the_lifetime_of_the_child()
    {
        var (_, child, events) = Family(new OneForOneStrategy(1, Timeout.InfiniteTimeSpan, Decide));
        events.Watch(child);
        child.Tell(new TestActors.Fail(new InvalidOperationException("1")));
        events.ExpectMsg<TestActors.PreRestartCalled>();
        events.FishForMessage<string>(s => s == "PreStart:child");
        Time.Advance(TimeSpan.FromDays(1));
        child.Tell(new TestActors.Fail(new InvalidOperationException("2")));
        events.ExpectMsg("PostStop:child");
        events.ExpectTerminated(child);
    }

    [Fact]
    public void AllForOne_restarts_every_sibling()
    {
        var events = CreateProbe();
        var parent = Sys.ActorOf(Props.Create(() => new TestActors.Supervisor(new AllForOneStrategy(Decide))));
        var a = Spawn(parent, Props.Create(() => new TestActors.Lifecycle(events.Ref)), "a");
        events.ExpectMsg("PreStart:a");
        var b = Spawn(parent, Props.Create(() => new TestActors.Lifecycle(events.Ref)), "b");
        events.ExpectMsg("PreStart:b");
        b.Tell("x");
        events.ExpectMsg("got:x:1");

        a.Tell(new TestActors.Fail(new InvalidOperationException("a broke")));
        var restarted = new HashSet<string>();
        while (restarted.Count < 2)
        {
            var post = events.FishForMessage<TestActors.PostRestartCalled>(_ => true);
            Assert.Equal("a broke", post.Reason.Message);
            restarted.Add(post.Name);
        }
        Assert.Equal(["a", "b"], restarted.Order());
        b.Tell("y");
        events.FishForMessage<string>(s => s == "got:y:1"); // b's state was reset too
    }

    [Fact]
    public void AllForOne_stop_stops_every_sibling()
    {
        var events = CreateProbe();
        var parent = Sys.ActorOf(Props.Create(() => new TestActors.Supervisor(new AllForOneStrategy(Decide))));
        var a = Spawn(parent, Props.Create(() => new TestActors.Lifecycle(events.Ref)), "a");
        var b = Spawn(parent, Props.Create(() => new TestActors.Lifecycle(events.Ref)), "b");
        var watcher = CreateProbe();
        watcher.Watch(a);
        watcher.Watch(b);
        a.Tell(new TestActors.Fail(new StopMe()));
        var dead = new[] { watcher.ExpectMsg<Terminated>().ActorRef, watcher.ExpectMsg<Terminated>().ActorRef };
        Assert.Contains(a, dead);
        Assert.Contains(b, dead);
    }

    [Fact]
    public void AllForOne_budget_exhausted_by_one_child_stops_all()
    {
        var events = CreateProbe();
        var parent = Sys.ActorOf(Props.Create(() => new TestActors.Supervisor(new AllForOneStrategy(1, TimeSpan.FromMinutes(1), Decide))));
        var a = Spawn(parent, Props.Create(() => new TestActors.Lifecycle(events.Ref)), "a");
        var b = Spawn(parent, Props.Create(() => new TestActors.Lifecycle(events.Ref)), "b");
        var watcher = CreateProbe();
        watcher.Watch(a);
        watcher.Watch(b);
        a.Tell(new TestActors.Fail(new InvalidOperationException("1")));
        events.FishForMessage<TestActors.PostRestartCalled>(p => p.Name == "a");
        a.Tell(new TestActors.Fail(new InvalidOperationException("2")));
        watcher.ExpectMsg<Terminated>();
        watcher.ExpectMsg<Terminated>();
    }

    [Theory]
    [InlineData(typeof(ActorInitializationException), Directive.Stop)]
    [InlineData(typeof(ActorKilledException), Directive.Stop)]
    [InlineData(typeof(DeathPactException), Directive.Stop)]
    [InlineData(typeof(InvalidOperationException), Directive.Restart)]
    [InlineData(typeof(IOException), Directive.Restart)]
    public void The_default_decider_matches_Akka(Type exceptionType, Directive expected)
    {
        Exception e = exceptionType == typeof(ActorInitializationException) ? new ActorInitializationException(null, "x", null)
            : exceptionType == typeof(ActorKilledException) ? new ActorKilledException("x")
            : exceptionType == typeof(DeathPactException) ? new DeathPactException(ActorRefs.Nobody)
            : (Exception)Activator.CreateInstance(exceptionType)!;
        Assert.Equal(expected, SupervisorStrategy.DefaultDecider(e));
    }

    [Fact]
    public void Props_strategy_overrides_the_actor_strategy()
    {
        var events = CreateProbe();
        var parent = Sys.ActorOf(Props.Create(() => new TestActors.Supervisor(new OneForOneStrategy(_ => Directive.Restart)))
            .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Stop)));
        var child = Spawn(parent, Props.Create(() => new TestActors.Lifecycle(events.Ref)), "c");
        events.ExpectMsg("PreStart:c");
        events.Watch(child);
        child.Tell(new TestActors.Fail(new InvalidOperationException()));
        events.ExpectMsg("PostStop:c");
        events.ExpectTerminated(child);
    }

    [Fact]
    public void A_restarting_parent_keeps_children_when_PreRestart_is_overridden_and_restarts_them()
    {
        var events = CreateProbe();
        var parent = Sys.ActorOf(Props.Create(() => new KeepChildren(events.Ref)), "keeper");
        var child = Spawn(parent, Props.Create(() => new TestActors.Lifecycle(events.Ref)), "kept");
        events.ExpectMsg("PreStart:kept");
        parent.Tell(new TestActors.Fail(new InvalidOperationException("parent broke")));
        var post = events.FishForMessage<TestActors.PostRestartCalled>(p => p.Name == "kept");
        Assert.Equal("parent broke", post.Reason.Message);
        child.Tell("still here");
        events.FishForMessage<string>(s => s == "got:still here:1");
    }

    private sealed class KeepChildren : ReceiveActor
    {
        public KeepChildren(IActorRef probe)
        {
            Receive<TestActors.Spawn>(s => Sender.Tell(Context.ActorOf(s.Props, s.Name)));
            Receive<TestActors.Fail>(f => throw f.Error);
            GC.KeepAlive(probe);
        }

        protected override void PreRestart(Exception reason, object? message) { }
    }
}
