using Akka.Actor;

namespace Charger.Tests.TestKit;

/// <summary>
/// <see cref="ManualTimeScheduler"/>: the Akka scheduler of <see cref="ActorTestBase"/>, moved by <c>Time.Advance</c>.
/// Advance fires what falls due synchronously, so a Tell made after it (a marker) queues behind every tick it
/// fired: a marker arriving first proves that no tick was due, without waiting for silence.
/// </summary>
public sealed class ManualTimeSchedulerTests : ActorTestBase
{
    private sealed record StartSingle(string Key, string Message, TimeSpan Delay);

    private sealed record StartPeriodic(string Key, string Message, TimeSpan Interval);

    private sealed record CancelTimer(string Key);

    /// <summary>Arms and cancels Akka timers (<see cref="IWithTimers"/>) on request and forwards every string it gets.</summary>
    private sealed class TimerUser : ReceiveActor, IWithTimers
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
            Receive<string>(s => probe.Tell(s));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }

    private (IActorRef Actor, Akka.TestKit.TestProbe Probe) CreateTimerUser()
    {
        var probe = CreateProbe("timers");
        return (Sys.ActorOf(Props.Create(() => new TimerUser(probe.Ref))), probe);
    }

    /// <summary>Proves that nothing reached <paramref name="probe"/> through <paramref name="actor"/> before now.</summary>
    private static void ExpectNothingBefore(IActorRef actor, Akka.TestKit.TestProbe probe)
    {
        actor.Tell("marker");
        probe.ExpectMsg("marker");
    }

    [Fact]
    public void Single_timers_fire_on_Advance_in_due_order_and_not_before()
    {
        var (actor, probe) = CreateTimerUser();
        actor.Tell(new StartSingle("c", "third", TimeSpan.FromSeconds(3)));
        actor.Tell(new StartSingle("a", "first", TimeSpan.FromSeconds(1)));
        actor.Tell(new StartSingle("b", "second", TimeSpan.FromSeconds(2)));
        for (var i = 0; i < 3; i++) probe.ExpectMsg("armed");

        Time.Advance(TimeSpan.FromMilliseconds(999));
        ExpectNothingBefore(actor, probe);

        Time.Advance(TimeSpan.FromSeconds(5));
        probe.ExpectMsg("first");
        probe.ExpectMsg("second");
        probe.ExpectMsg("third");
        Time.Advance(TimeSpan.FromMinutes(1));
        ExpectNothingBefore(actor, probe); // each fired once
    }

    [Fact]
    public void A_periodic_timer_fires_as_often_as_it_falls_due_within_one_Advance()
    {
        var (actor, probe) = CreateTimerUser();
        actor.Tell(new StartPeriodic("p", "beat", TimeSpan.FromSeconds(1)));
        probe.ExpectMsg("armed");

        Time.Advance(TimeSpan.FromSeconds(5));
        for (var i = 0; i < 5; i++) probe.ExpectMsg("beat");
        ExpectNothingBefore(actor, probe);

        Time.Advance(TimeSpan.FromMilliseconds(999));
        ExpectNothingBefore(actor, probe);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        probe.ExpectMsg("beat");
    }

    [Fact]
    public void Scheduled_actions_run_inside_Advance_in_order_with_the_clock_at_their_due_time()
    {
        var start = Time.GetUtcNow();
        var ran = new List<(string, TimeSpan)>();
        Sys.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromSeconds(2), () => ran.Add(("once", Time.GetUtcNow() - start)));
        Sys.Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5),
            () => ran.Add(("every", Time.GetUtcNow() - start)));

        Time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(
            [("every", TimeSpan.FromSeconds(1)), ("once", TimeSpan.FromSeconds(2)), ("every", TimeSpan.FromSeconds(2.5)), ("every", TimeSpan.FromSeconds(4))],
            ran);
        Assert.Equal(start + TimeSpan.FromSeconds(4), Sys.Scheduler.Now);
    }

    [Fact]
    public void Cancelled_timers_never_fire_and_leave_no_timer_armed()
    {
        var (actor, probe) = CreateTimerUser();
        var armedBefore = Time.ActiveTimerCount;
        actor.Tell(new StartSingle("k", "single", TimeSpan.FromSeconds(1)));
        actor.Tell(new StartPeriodic("p", "beat", TimeSpan.FromSeconds(1)));
        probe.ExpectMsg("armed");
        probe.ExpectMsg("armed");
        Assert.Equal(armedBefore + 2, Time.ActiveTimerCount);

        actor.Tell(new CancelTimer("k"));
        actor.Tell(new CancelTimer("p"));
        probe.ExpectMsg("cancelled");
        probe.ExpectMsg("cancelled");
        Assert.Equal(armedBefore, Time.ActiveTimerCount);

        Time.Advance(TimeSpan.FromSeconds(10));
        ExpectNothingBefore(actor, probe);
    }

    [Fact]
    public void A_repeated_tell_stops_when_cancelled_and_one_cancelled_in_advance_is_never_scheduled()
    {
        var probe = CreateProbe("ticks");
        var repeated = Sys.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), probe.Ref, "tick", ActorRefs.NoSender);
        var cancelledEarly = new Cancelable(Sys.Scheduler);
        cancelledEarly.Cancel();
        var armedBefore = Time.ActiveTimerCount;
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), probe.Ref, "never", ActorRefs.NoSender, cancelledEarly);
        Assert.Equal(armedBefore, Time.ActiveTimerCount);

        Time.Advance(TimeSpan.FromSeconds(2.5));
        repeated.Cancel();
        Time.Advance(TimeSpan.FromSeconds(10));
        probe.Ref.Tell("marker");

        probe.ExpectMsg("tick");
        probe.ExpectMsg("tick");
        probe.ExpectMsg("marker");
    }

    [Fact]
    public void A_tell_or_timer_with_zero_delay_is_delivered_at_once_without_Advance()
    {
        var probe = CreateProbe("now");
        var armedBefore = Time.ActiveTimerCount;
        var now = Time.GetUtcNow();

        Sys.Scheduler.ScheduleTellOnce(TimeSpan.Zero, probe.Ref, "now", ActorRefs.NoSender);
        probe.ExpectMsg("now");

        var (actor, timerProbe) = CreateTimerUser();
        actor.Tell(new StartSingle("z", "zero", TimeSpan.Zero));
        timerProbe.ExpectMsg("armed");
        timerProbe.ExpectMsg("zero");

        Assert.Equal(now, Time.GetUtcNow());
        Assert.Equal(armedBefore, Time.ActiveTimerCount);
    }
}
