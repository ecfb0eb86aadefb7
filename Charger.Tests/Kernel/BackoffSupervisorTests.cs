using Charger.Actors.Kernel;
using Charger.Actors.Kernel.Event;
using Charger.Actors.Kernel.Pattern;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class BackoffSupervisorTests : ActorTestBase
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    /// <summary>Reports its start to the probe, echoes, fails on Fail, stops on "stop", talks to its parent on "to-parent".</summary>
    private sealed class Child : ReceiveActor
    {
        public Child(IActorRef probe)
        {
            Receive<TestActors.Fail>(f => throw f.Error);
            Receive<string>(s => s == "stop", _ => Context.Stop(Self));
            Receive<string>(s => s == "to-parent", _ => Context.Parent.Tell("from-child"));
            Receive<string>(s => s == "reset", _ => Context.Parent.Tell(BackoffSupervisor.Reset.Instance));
            Receive<string>(s => Sender.Tell($"child:{s}"));
            probe.Tell("started");
        }
    }

    private (IActorRef Supervisor, TestProbe Probe) Start(Func<Props, BackoffOptions> options)
    {
        var probe = CreateProbe();
        var childProps = Props.Create(() => new Child(probe.Ref));
        var supervisor = Sys.ActorOf(options(childProps).Props(), "backoff");
        probe.ExpectMsg("started");
        return (supervisor, probe);
    }

    private static BackoffOptions OnFailure(Props props) =>
        Backoff.OnFailure(props, "child", Min, Max, randomFactor: 0).WithRandom(() => 0.5);

    private int RestartCount(IActorRef supervisor) =>
        supervisor.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance, TimeSpan.FromSeconds(3)).Result.Count;

    private IActorRef CurrentChild(IActorRef supervisor) =>
        supervisor.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance, TimeSpan.FromSeconds(3)).Result.Ref;

    /// <summary>
    /// The watcher may hear of the child's death before the supervisor does: wait until the supervisor
    /// has dropped it (it arms the backoff timer in that same turn).
    /// </summary>
    private void AwaitNoChild(IActorRef supervisor) =>
        TestProbe.AwaitAssert(() => Assert.Same(ActorRefs.Nobody, CurrentChild(supervisor)));

    /// <summary>Fails the child, then checks it is not back a tick before <paramref name="expected"/> and is back at it.</summary>
    private void FailAndExpectRestartAfter(IActorRef supervisor, TestProbe probe, TimeSpan expected)
    {
        var child = CurrentChild(supervisor);
        probe.Watch(child);
        child.Tell(new TestActors.Fail(new IOException("link lost")));
        probe.ExpectTerminated(child);
        AwaitNoChild(supervisor); // the backoff timer is armed in the turn that drops the child
        Time.Advance(expected - TimeSpan.FromTicks(1));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(30));
        Time.Advance(TimeSpan.FromTicks(1));
        probe.ExpectMsg("started");
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(6, 6400)]
    [InlineData(7, 10000)]
    [InlineData(100, 10000)]
    [InlineData(5000, 10000)]
    public void Delay_without_jitter_doubles_from_min_and_is_capped_at_max(int restartCount, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), BackoffSupervisor.CalculateDelay(restartCount, Min, Max, 0.2, random: 0));

    [Theory]
    [InlineData(0, 0.5, 0.2, 110)]    // 100 * (1 + 0.5 * 0.2)
    [InlineData(3, 0.25, 0.2, 840)]   // 800 * 1.05
    [InlineData(10, 0.999, 0.2, 11998)] // capped to 10 s before the jitter: 10000 * 1.1998
    public void Jitter_multiplies_the_capped_delay(int restartCount, double random, double factor, double expectedMs) =>
        Assert.Equal(expectedMs, BackoffSupervisor.CalculateDelay(restartCount, Min, Max, factor, random).TotalMilliseconds, 6);

    [Fact]
    public void On_failure_the_child_is_restarted_after_exactly_the_formula_delays()
    {
        var (supervisor, probe) = Start(p => OnFailure(p).WithManualReset());
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(100));
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(200));
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(400));
        Assert.Equal(3, RestartCount(supervisor));
    }

    [Fact]
    public void The_injected_random_factor_is_applied_exactly()
    {
        var (supervisor, probe) = Start(p => Backoff.OnFailure(p, "child", Min, Max, randomFactor: 0.2).WithRandom(() => 0.5).WithManualReset());
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(110));
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(220));
    }

    [Fact]
    public void Auto_reset_clears_the_count_once_the_child_has_been_stable()
    {
        var (supervisor, probe) = Start(p => OnFailure(p).WithAutoReset(TimeSpan.FromSeconds(5)));
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(100));
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(200));
        Assert.Equal(2, RestartCount(supervisor));
        Time.Advance(TimeSpan.FromSeconds(5));
        TestProbe.AwaitAssert(() => Assert.Equal(0, RestartCount(supervisor)));
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(100)); // back to the minimum
    }

    [Fact]
    public void A_child_that_fails_before_the_reset_period_keeps_backing_off()
    {
        var (supervisor, probe) = Start(p => OnFailure(p).WithAutoReset(TimeSpan.FromSeconds(5)));
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(100));
        Time.Advance(TimeSpan.FromSeconds(4));
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Manual_reset_comes_from_the_child()
    {
        var (supervisor, probe) = Start(p => OnFailure(p).WithManualReset());
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, RestartCount(supervisor));
        CurrentChild(supervisor).Tell("reset");
        TestProbe.AwaitAssert(() => Assert.Equal(0, RestartCount(supervisor)));
    }

    [Fact]
    public void Max_retries_stops_the_supervisor()
    {
        var (supervisor, probe) = Start(p => OnFailure(p).WithManualReset().WithMaxNrOfRetries(2));
        var watcher = CreateProbe();
        watcher.Watch(supervisor);
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(100));
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(200));
        CurrentChild(supervisor).Tell(new TestActors.Fail(new IOException("third")));
        watcher.ExpectTerminated(supervisor);
    }

    [Fact]
    public void Reply_while_stopped_answers_senders_during_the_backoff()
    {
        var (supervisor, probe) = Start(p => OnFailure(p).WithReplyWhileStopped("link-down"));
        var child = CurrentChild(supervisor);
        probe.Watch(child);
        child.Tell(new TestActors.Fail(new IOException()));
        probe.ExpectTerminated(child);
        AwaitNoChild(supervisor);
        probe.Send(supervisor, "status?");
        probe.ExpectMsg("link-down");
        Time.Advance(Min);
        probe.ExpectMsg("started");
        probe.Send(supervisor, "status?");
        probe.ExpectMsg("child:status?");
    }

    [Fact]
    public void Without_reply_while_stopped_messages_go_to_dead_letters()
    {
        var (supervisor, probe) = Start(OnFailure);
        var dead = CreateProbe();
        Sys.EventStream.Subscribe<DeadLetter>(dead.Ref);
        var child = CurrentChild(supervisor);
        probe.Watch(child);
        child.Tell(new TestActors.Fail(new IOException()));
        probe.ExpectTerminated(child);
        AwaitNoChild(supervisor);
        probe.Send(supervisor, "lost");
        Assert.Same(probe.Ref, dead.ExpectMsg<DeadLetter>(d => Equals(d.Message, "lost")).Sender);
    }

    [Fact]
    public void Messages_are_forwarded_to_the_child_and_the_childs_to_the_parent()
    {
        var parentProbe = CreateProbe();
        var probe = CreateProbe();
        var supervisor = Sys.ActorOf(Props.Create(() => new Parent(OnFailure(Props.Create(() => new Child(probe.Ref))), parentProbe.Ref)));
        probe.ExpectMsg("started");
        var backoff = parentProbe.ExpectMsg<IActorRef>();
        probe.Send(backoff, "hello");
        probe.ExpectMsg("child:hello"); // the child saw the probe as sender
        backoff.Tell("to-parent");
        parentProbe.ExpectMsg("from-child");
        GC.KeepAlive(supervisor);
    }

    private sealed class Parent : ReceiveActor
    {
        public Parent(BackoffOptions options, IActorRef probe)
        {
            probe.Tell(Context.ActorOf(options.Props(), "backoff"));
            ReceiveAny(m => probe.Tell(m));
        }
    }

    [Fact]
    public void On_failure_a_clean_stop_of_the_child_stops_the_supervisor()
    {
        var (supervisor, _) = Start(OnFailure);
        var watcher = CreateProbe();
        watcher.Watch(supervisor);
        supervisor.Tell("stop");
        watcher.ExpectTerminated(supervisor);
    }

    [Fact]
    public void On_stop_the_child_is_restarted_after_it_stops()
    {
        var (supervisor, probe) = Start(p => Backoff.OnStop(p, "child", Min, Max, 0).WithManualReset());
        supervisor.Tell("stop");
        TestProbe.AwaitAssert(() => Assert.Same(ActorRefs.Nobody, CurrentChild(supervisor)));
        Time.Advance(Min);
        probe.ExpectMsg("started");
        Assert.Equal(1, RestartCount(supervisor));
    }

    [Fact]
    public void On_stop_with_the_default_strategy_a_failure_restarts_in_place_without_backoff()
    {
        var (supervisor, probe) = Start(p => Backoff.OnStop(p, "child", Min, Max, 0));
        var child = CurrentChild(supervisor);
        child.Tell(new TestActors.Fail(new IOException()));
        probe.ExpectMsg("started");
        Assert.Same(child, CurrentChild(supervisor));
        Assert.Equal(0, RestartCount(supervisor));
    }

    [Fact]
    public void StartChildNow_cuts_a_pending_backoff_short_and_is_ignored_while_the_child_runs()
    {
        var (supervisor, probe) = Start(p => OnFailure(p).WithManualReset());
        supervisor.Tell(BackoffSupervisor.StartChildNow.Instance); // child running: nothing happens
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        FailAndExpectRestartAfter(supervisor, probe, TimeSpan.FromMilliseconds(100));
        var child = CurrentChild(supervisor);
        probe.Watch(child);
        child.Tell(new TestActors.Fail(new IOException("again")));
        probe.ExpectTerminated(child);
        AwaitNoChild(supervisor);
        supervisor.Tell(BackoffSupervisor.StartChildNow.Instance); // 200 ms pending: start now instead
        probe.ExpectMsg("started");
        Time.Advance(TimeSpan.FromSeconds(1));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50)); // the cancelled timer does not start a second child
        Assert.Equal(2, RestartCount(supervisor));
    }

    private sealed class SlowToDie(IActorRef probe, ManualResetEventSlim gate) : ReceiveActor
    {
        protected override void PreStart() => Context.Become(m =>
        {
            if (m is TestActors.Fail f) throw f.Error;
            probe.Tell($"child got {m}");
            return true;
        });

        protected override void PostStop() => gate.Wait(TimeSpan.FromSeconds(10)); // dies slowly
    }

    [Fact]
    public void A_message_arriving_while_a_failed_child_is_still_stopping_gets_the_reply_while_stopped()
    {
        var probe = CreateProbe();
        var gate = new ManualResetEventSlim();
        var supervisor = Sys.ActorOf(Backoff.OnFailure(Props.Create(() => new SlowToDie(probe.Ref, gate)), "child", Min, Max, 0)
            .WithReplyWhileStopped("link-down").Props());
        var child = CurrentChild(supervisor);
        child.Tell(new TestActors.Fail(new IOException()));
        // The child is condemned but still in PostStop: the supervisor must not forward to it.
        TestProbe.AwaitAssert(() =>
        {
            probe.Send(supervisor, "status?");
            probe.ExpectMsg("link-down", TimeSpan.FromMilliseconds(200));
        });
        Assert.Same(child, CurrentChild(supervisor)); // not yet terminated
        gate.Set();
    }

    [Fact]
    public void Options_are_validated()
    {
        var props = Props.Create<TestActors.Echo>();
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.OnFailure(props, "c", TimeSpan.Zero, Max, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.OnFailure(props, "c", Max, Min, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.OnFailure(props, "c", Min, Max, 1.5));
        Assert.Throws<InvalidActorNameException>(() => Backoff.OnFailure(props, "bad name", Min, Max, 0));
    }
}
