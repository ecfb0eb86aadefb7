using Akka.Actor;
using Akka.Event;
using Charger.Actors.Charging;
using Charger.Actors.Subscribers;
using Charger.Tests.TestKit;

namespace Charger.Tests.Subscribers;

public sealed class SubscriberSupervisorTests : ActorTestBase
{
    private static readonly SubscriberOptions NoRetries = new() { MaxRetries = 0 };

    private (IActorRef Supervisor, SubscriberMonitors Monitors) Start(SubscriberBudget budget, params SubscriberDefinition[] definitions)
    {
        var monitors = new SubscriberMonitors("cp-1");
        var supervisor = Sys.ActorOf(SubscriberSupervisor.Props(definitions, monitors, budget), "subscribers");
        return (supervisor, monitors);
    }

    [Fact]
    public void A_subscriber_that_always_throws_is_restarted_within_its_budget_then_quarantined_while_another_gets_every_event_in_order()
    {
        var failing = CreateProbe("failing");
        var healthy = CreateProbe("healthy");
        var (supervisor, monitors) = Start(new SubscriberBudget { MaxRestarts = 3, Window = TimeSpan.FromMinutes(1) },
            new SubscriberDefinition("thrower", () => new TestSinks.Throwing(failing.Ref), NoRetries),
            new SubscriberDefinition("healthy", () => new TestSinks.Forwarding(healthy.Ref), NoRetries));

        for (var i = 1; i <= 20; i++) supervisor.Tell(TestSinks.Event(i));

        for (var i = 1; i <= 20; i++) Assert.Equal(i, healthy.ExpectMsg<ChargerEvent>().Sequence);
        // The first attempt and three restarts each take one event; the fourth failure is past the budget.
        for (var i = 1; i <= 4; i++) Assert.Equal(("tried", (long)i), failing.ExpectMsg<(string, long)>());

        AwaitAssert(() =>
        {
            var thrower = monitors.Snapshot().Single(s => s.Name == "thrower");
            Assert.Equal(SubscriberState.Quarantined, thrower.State);
            Assert.Equal(3, thrower.Restarts);
            Assert.Equal(4, thrower.Failed);
            Assert.Equal(0, thrower.Delivered);
            Assert.Equal("InvalidOperationException: boom at 4", thrower.LastError);
            Assert.NotNull(thrower.QuarantinedAt);
        });
        failing.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // Quarantined stays visible and receives nothing more; the other goes on.
        supervisor.Tell(TestSinks.Event(21));
        Assert.Equal(21, healthy.ExpectMsg<ChargerEvent>().Sequence);
        failing.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        var healthySnapshot = monitors.Snapshot().Single(s => s.Name == "healthy");
        Assert.Equal((SubscriberState.Active, 21L, 21L, 0), (healthySnapshot.State, healthySnapshot.Delivered, healthySnapshot.LastDeliveredSequence!.Value, healthySnapshot.Restarts));
    }

    [Fact]
    public void Failures_spread_beyond_the_window_never_quarantine()
    {
        // Akka's one-for-one strategy measures the restart window in real time, not on the test's clock:
        // a short window, and each failure comes after the previous one's window has passed for real.
        var window = TimeSpan.FromMilliseconds(300);
        var failing = CreateProbe();
        var (supervisor, monitors) = Start(new SubscriberBudget { MaxRestarts = 1, Window = window },
            new SubscriberDefinition("thrower", () => new TestSinks.Throwing(failing.Ref), NoRetries));

        for (var i = 1; i <= 5; i++)
        {
            supervisor.Tell(TestSinks.Event(i));
            Assert.Equal(("tried", (long)i), failing.ExpectMsg<(string, long)>());
            // The supervisor must have judged this failure before the next one comes.
            AwaitAssert(() => Assert.Equal(i, monitors.Snapshot()[0].Restarts));
            failing.ExpectNoMsg(window + TimeSpan.FromMilliseconds(100)); // the window passes, and nothing is tried meanwhile
        }
        Assert.Equal((SubscriberState.Active, 5L), (monitors.Snapshot()[0].State, monitors.Snapshot()[0].Failed));
    }

    [Fact]
    public void A_subscriber_blocked_for_seconds_delays_no_other_subscriber_and_drops_its_own_oldest_events()
    {
        var blocked = CreateProbe("blocked");
        var healthy = CreateProbe("healthy");
        var dropped = CreateProbe("dropped");
        Sys.EventStream.Subscribe(dropped.Ref, typeof(Dropped));
        using var gate = new ManualResetEventSlim();
        var (supervisor, monitors) = Start(new SubscriberBudget(),
            new SubscriberDefinition("slow", () => new TestSinks.Blocking(gate, blocked.Ref), NoRetries with { MailboxCapacity = 5 }),
            new SubscriberDefinition("healthy", () => new TestSinks.Forwarding(healthy.Ref), NoRetries));

        supervisor.Tell(TestSinks.Event(1));
        Assert.Equal(("blocking", 1L), blocked.ExpectMsg<(string, long)>());
        for (var i = 2; i <= 50; i++) supervisor.Tell(TestSinks.Event(i));

        // Every event reaches the healthy subscriber while the slow one still holds its thread.
        for (var i = 1; i <= 50; i++) Assert.Equal(i, healthy.ExpectMsg<ChargerEvent>().Sequence);
        Assert.False(gate.IsSet);
        AwaitAssert(() => Assert.Equal(44, monitors.Snapshot()[0].Dropped)); // 49 queued behind it, 5 kept
        Assert.Equal(5, monitors.All[0].MailboxDepth); // what /metrics shows as charger_subscriber_mailbox_depth
        Assert.Equal(0, monitors.All[1].MailboxDepth);
        for (var i = 2; i <= 45; i++) // the oldest, in order, each also published as Akka's Dropped
        {
            var drop = dropped.ExpectMsg<Dropped>();
            Assert.Equal((i, "slow"), (((ChargerEvent)drop.Message).Sequence, drop.Recipient.Path.Name));
        }
        dropped.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        gate.Set();
        Assert.Equal(1, blocked.ExpectMsg<ChargerEvent>().Sequence);
        for (var i = 46; i <= 50; i++)
        {
            Assert.Equal(("blocking", (long)i), blocked.ExpectMsg<(string, long)>());
            Assert.Equal(i, blocked.ExpectMsg<ChargerEvent>().Sequence);
        }
        AwaitAssert(() => Assert.Equal(6, monitors.Snapshot()[0].Delivered));
        Assert.Equal(0, monitors.All[0].MailboxDepth);
    }

    [Fact]
    public void A_failed_attempt_is_retried_with_backoff_on_the_clock_and_counts_as_delivered()
    {
        var probe = CreateProbe();
        var attempts = 0;
        var sink = new DelegateSink(evt =>
        {
            probe.Ref.Tell(("attempt", ++attempts));
            if (attempts < 3) throw new TimeoutException("receiver busy");
        });
        var (supervisor, monitors) = Start(new SubscriberBudget(),
            new SubscriberDefinition("flaky", () => sink, new SubscriberOptions { MaxRetries = 3, RetryDelay = TimeSpan.FromSeconds(1) }));

        supervisor.Tell(TestSinks.Event(1));
        Assert.Equal(("attempt", 1), probe.ExpectMsg<(string, int)>());
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // nothing before the clock moves
        for (var expected = 2; expected <= 3; expected++)
        {
            object? attempt = null;
            for (var step = 0; step < 120 && attempt is null; step++)
            {
                Time.Advance(TimeSpan.FromMilliseconds(500));
                attempt = probe.ReceiveOne(TimeSpan.FromMilliseconds(20));
            }
            Assert.Equal(("attempt", expected), attempt);
        }
        AwaitAssert(() =>
        {
            var s = monitors.Snapshot()[0];
            Assert.Equal((1L, 0L, 0), (s.Delivered, s.Failed, s.Restarts));
        });
    }

    [Fact]
    public void The_supervisor_answers_with_every_subscribers_snapshot()
    {
        var probe = CreateProbe();
        var (supervisor, _) = Start(new SubscriberBudget(),
            new SubscriberDefinition("a", () => new TestSinks.Forwarding(probe.Ref)),
            new SubscriberDefinition("b", () => new TestSinks.Forwarding(probe.Ref)));
        probe.Send(supervisor, SubscriberSupervisor.GetSubscribers.Instance);
        var all = probe.ExpectMsg<SubscriberSupervisor.Subscribers>().All;
        Assert.Equal(["a", "b"], all.Select(s => s.Name));
        Assert.All(all, s => Assert.Equal(SubscriberState.Active, s.State));
    }

    private sealed class DelegateSink(Action<ChargerEvent> emit) : IEventSink
    {
        public Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken)
        {
            emit(evt);
            return Task.CompletedTask;
        }
    }
}
