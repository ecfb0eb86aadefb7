using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class TimerTests : ActorTestBase
{
    private sealed record StartSingle(string Key, string Message, TimeSpan Delay);

    private sealed record StartPeriodic(string Key, string Message, TimeSpan Interval);

    private sealed record CancelTimer(string Key);

    private sealed record IsActive(string Key);

    private sealed record BlockThenCancel(ManualResetEventSlim Gate, string Key);

    private sealed class TimerUser : ReceiveActor
    {
        public TimerUser(IActorRef probe)
        {
            Receive<StartSingle>(s =>
            {
                Timers.StartSingleTimer(s.Key, s.Message, s.Delay);
                probe.Tell("armed");
            });
            Receive<StartPeriodic>(s =>
            {
                Timers.StartPeriodicTimer(s.Key, s.Message, s.Interval);
                probe.Tell("armed");
            });
            Receive<CancelTimer>(c =>
            {
                Timers.Cancel(c.Key);
                probe.Tell("cancelled");
            });
            Receive<IsActive>(a => probe.Tell(Timers.IsTimerActive(a.Key)));
            Receive<BlockThenCancel>(b =>
            {
                probe.Tell("blocked");
                b.Gate.Wait(TimeSpan.FromSeconds(10));
                Timers.Cancel(b.Key);
                probe.Tell("cancelled");
            });
            Receive<Exception>(e => throw e);
            Receive<ManualResetEventSlim>(gate =>
            {
                probe.Tell("blocked");
                gate.Wait(TimeSpan.FromSeconds(10));
            });
            Receive<string>(s => probe.Tell(s));
        }
    }

    private (IActorRef Actor, TestProbe Probe) Create()
    {
        var probe = CreateProbe();
        return (Sys.ActorOf(Props.Create(() => new TimerUser(probe.Ref))), probe);
    }

    [Fact]
    public void A_single_timer_fires_once_when_its_delay_has_passed()
    {
        var (actor, probe) = Create();
        actor.Tell(new StartSingle("k", "tick", TimeSpan.FromSeconds(2)));
        probe.ExpectMsg("armed");
        Time.Advance(TimeSpan.FromMilliseconds(1999));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        probe.ExpectMsg("tick");
        Time.Advance(TimeSpan.FromSeconds(10));
        actor.Tell(new IsActive("k"));
        probe.ExpectMsg(false);
    }

    [Fact]
    public void A_periodic_timer_fires_every_interval()
    {
        var (actor, probe) = Create();
        actor.Tell(new StartPeriodic("p", "beat", TimeSpan.FromSeconds(1)));
        probe.ExpectMsg("armed");
        for (var i = 0; i < 5; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            probe.ExpectMsg("beat");
        }
        actor.Tell(new IsActive("p"));
        probe.ExpectMsg(true);
    }

    [Fact]
    public void Starting_a_timer_with_a_used_key_replaces_it()
    {
        var (actor, probe) = Create();
        actor.Tell(new StartSingle("k", "first", TimeSpan.FromSeconds(1)));
        actor.Tell(new StartSingle("k", "second", TimeSpan.FromSeconds(3)));
        probe.ExpectMsg("armed");
        probe.ExpectMsg("armed");
        Time.Advance(TimeSpan.FromSeconds(3));
        probe.ExpectMsg("second");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_tick_already_queued_is_not_delivered_after_cancel()
    {
        var (actor, probe) = Create();
        var gate = new ManualResetEventSlim();
        actor.Tell(new StartSingle("k", "tick", TimeSpan.FromSeconds(1)));
        probe.ExpectMsg("armed");
        actor.Tell(new BlockThenCancel(gate, "k"));
        probe.ExpectMsg("blocked");
        Time.Advance(TimeSpan.FromSeconds(1)); // the tick is now queued behind the running handler
        gate.Set();                            // which then cancels the timer
        probe.ExpectMsg("cancelled");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Timers_are_cancelled_on_restart()
    {
        var (actor, probe) = Create();
        actor.Tell(new StartPeriodic("p", "beat", TimeSpan.FromSeconds(1)));
        probe.ExpectMsg("armed");
        actor.Tell(new InvalidOperationException("crash"));
        actor.Tell(new IsActive("p"));
        probe.ExpectMsg(false);
        Time.Advance(TimeSpan.FromSeconds(5));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, Time.ActiveTimerCount);
    }

    [Fact]
    public void Timers_are_cancelled_on_stop()
    {
        var (actor, probe) = Create();
        actor.Tell(new StartPeriodic("p", "beat", TimeSpan.FromSeconds(1)));
        probe.ExpectMsg("armed");
        probe.Watch(actor);
        Sys.Stop(actor);
        probe.ExpectTerminated(actor);
        Assert.Equal(0, Time.ActiveTimerCount);
    }
}
