using System.Collections.Concurrent;
using Charger.Actors.Kernel;
using Charger.Actors.Kernel.Dispatch;
using Charger.Actors.Kernel.Event;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class DropOldestMailboxTests : ActorTestBase
{
    /// <summary>Blocks on its first message until the gate opens, then reports each message it handles.</summary>
    private sealed class Blocker : ReceiveActor
    {
        public Blocker(ManualResetEventSlim gate, IActorRef probe)
        {
            Receive<int>(i =>
            {
                if (i == 0)
                {
                    probe.Tell("blocked");
                    gate.Wait(TimeSpan.FromSeconds(10));
                }
                probe.Tell(i);
            });
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("fail"));
        }
    }

    [Fact]
    public void A_full_mailbox_drops_the_oldest_messages_counts_them_and_keeps_the_newest_in_order()
    {
        var probe = CreateProbe();
        var gate = new ManualResetEventSlim();
        var dropped = new ConcurrentQueue<object>();
        var actor = Sys.ActorOf(Props.Create(() => new Blocker(gate, probe.Ref))
            .WithMailbox(MailboxType.DropOldest(3, dropped.Enqueue)));

        actor.Tell(0);
        probe.ExpectMsg("blocked");
        for (var i = 1; i <= 10; i++) actor.Tell(i);
        gate.Set();

        probe.ExpectMsg(0);
        probe.ExpectMsg(8);
        probe.ExpectMsg(9);
        probe.ExpectMsg(10);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(Enumerable.Range(1, 7).Cast<object>(), dropped);
    }

    [Fact]
    public void Drops_are_published_on_the_event_stream_and_system_messages_are_never_dropped()
    {
        var probe = CreateProbe();
        var watcher = CreateProbe();
        var drops = CreateProbe();
        Sys.EventStream.Subscribe<Dropped>(drops.Ref);
        var gate = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new Blocker(gate, probe.Ref)).WithMailbox(MailboxType.DropOldest(1)));

        actor.Tell(0);
        probe.ExpectMsg("blocked");
        watcher.Watch(actor);
        actor.Tell(1);
        actor.Tell(2);
        var drop = drops.ExpectMsg<Dropped>();
        Assert.Equal(1, drop.Message);
        Assert.Equal(actor, drop.Recipient);

        // Stop is a system message: a full mailbox must not lose it.
        actor.Tell(3);
        Sys.Stop(actor);
        gate.Set();
        watcher.ExpectTerminated(actor);
    }

    [Fact]
    public void An_unbounded_mailbox_keeps_everything()
    {
        var probe = CreateProbe();
        var gate = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new Blocker(gate, probe.Ref)));
        actor.Tell(0);
        probe.ExpectMsg("blocked");
        for (var i = 1; i <= 1000; i++) actor.Tell(i);
        gate.Set();
        for (var i = 0; i <= 1000; i++) probe.ExpectMsg(i);
    }

    [Fact]
    public void The_mailbox_type_survives_other_props_changes()
    {
        var props = Props.Create(() => new Blocker(new ManualResetEventSlim(), ActorRefs.Nobody))
            .WithMailbox(MailboxType.DropOldest(5))
            .WithSupervisorStrategy(SupervisorStrategy.StoppingStrategy);
        Assert.Equal(5, Assert.IsType<DropOldestMailbox>(props.Mailbox).Capacity);
        Assert.Throws<ArgumentOutOfRangeException>(() => MailboxType.DropOldest(0));
    }
}
