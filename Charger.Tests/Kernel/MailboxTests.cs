using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class MailboxTests() : ActorTestBase(throughput: 10)
{
    private sealed class Counter : ReceiveActor
    {
        public Counter(ManualResetEventSlim gate, IActorRef probe, int expected)
        {
            var count = 0;
            ReceiveAny(_ =>
            {
                if (count == 0)
                {
                    probe.Tell("blocked");
                    gate.Wait(TimeSpan.FromSeconds(10));
                }
                if (++count == expected) probe.Tell("done");
            });
        }
    }

    [Fact]
    public void An_actor_yields_its_thread_after_a_throughput_batch()
    {
        var probe = CreateProbe();
        var gate = new ManualResetEventSlim();
        var actor = (LocalActorRef)Sys.ActorOf(Props.Create(() => new Counter(gate, probe.Ref, 100)));
        actor.Tell(0);
        probe.ExpectMsg("blocked");
        for (var i = 1; i < 100; i++) actor.Tell(i);
        var before = actor.Cell.Mailbox.Turns;
        gate.Set();
        probe.ExpectMsg("done");
        // 100 messages at 10 per turn: the blocked turn plus 9 more (one extra turn may only see an empty queue).
        var turns = actor.Cell.Mailbox.Turns - before + 1;
        Assert.InRange(turns, 10, 11);
    }

    [Fact]
    public void A_stop_overtakes_queued_user_messages()
    {
        var probe = CreateProbe();
        var gate = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new TestActors.Gated(gate, probe.Ref)));
        actor.Tell("first");
        probe.ExpectMsg("blocked");
        for (var i = 0; i < 50; i++) actor.Tell(i);
        probe.Watch(actor);
        Sys.Stop(actor);
        gate.Set();
        probe.ExpectMsg("first");
        probe.ExpectTerminated(actor); // none of the 50 queued messages ran
    }

    private sealed class Relay(IActorRef target) : ReceiveActor
    {
        protected override void PreStart() => Context.Become(m =>
        {
            target.Tell(m);
            return true;
        });
    }

    [Fact]
    public void Messages_between_one_sender_and_one_receiver_keep_their_order()
    {
        var probe = CreateProbe();
        var relay = Sys.ActorOf(Props.Create(() => new Relay(probe.Ref)));
        for (var i = 0; i < 10_000; i++) relay.Tell(i);
        var received = probe.ReceiveN<int>(10_000, TimeSpan.FromSeconds(20));
        Assert.Equal(Enumerable.Range(0, 10_000), received);
    }
}
