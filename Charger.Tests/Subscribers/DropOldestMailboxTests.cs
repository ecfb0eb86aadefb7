using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Charger.Actors.Subscribers;
using Charger.Tests.TestKit;

namespace Charger.Tests.Subscribers;

/// <summary>
/// Our drop-oldest mailbox (<see cref="DropOldestMailbox"/>, <see cref="DropOldestMessageQueue"/>) as Akka runs it:
/// configured by <see cref="Charger.Actors.Runtime.ChargerActorsConfig"/> under <see cref="SubscriberActor.MailboxId"/>,
/// capacity from HOCON unless the actor binds its own, drops published as Akka's <see cref="Dropped"/>.
/// </summary>
public sealed class DropOldestMailboxTests : ActorTestBase
{
    /// <summary>A drop-oldest mailbox of capacity 3 from configuration alone.</summary>
    private const string ThreeMailbox = "test-drop-oldest-3";

    public DropOldestMailboxTests()
        : base(extraConfig: $$"""
            {{ThreeMailbox}} {
              mailbox-type = "{{typeof(DropOldestMailbox).FullName}}, {{typeof(DropOldestMailbox).Assembly.GetName().Name}}"
              mailbox-capacity = 3
            }
            """)
    {
    }

    private sealed record GetQueue;

    /// <summary>
    /// Blocks on message 0 until the gate opens, then reports each int it handles. Binds its queue's capacity
    /// and drop callback when it starts if told to, as <see cref="SubscriberActor"/> does.
    /// </summary>
    private sealed class Blocker : ReceiveActor
    {
        public Blocker(ManualResetEventSlim gate, IActorRef probe, int? capacity = null, Action<object>? onDropped = null)
        {
            if (capacity is { } bound && (Context as ActorCell)?.Mailbox?.MessageQueue is DropOldestMessageQueue queue)
                queue.Bind(bound, onDropped ?? (_ => { }));
            Receive<GetQueue>(_ => Sender.Tell((Context as ActorCell)?.Mailbox?.MessageQueue ?? (object)"no message queue"));
            Receive<int>(i =>
            {
                if (i == 0)
                {
                    probe.Tell("blocked");
                    gate.Wait(TimeSpan.FromSeconds(10));
                }
                probe.Tell(i);
            });
        }
    }

    /// <summary>Starts a <see cref="Blocker"/>, reads its queue, and blocks it on message 0.</summary>
    private async Task<(IActorRef Actor, DropOldestMessageQueue Queue)> BlockedAsync(Props props, Akka.TestKit.TestProbe probe)
    {
        var actor = Sys.ActorOf(props);
        var queue = Assert.IsType<DropOldestMessageQueue>(await actor.Ask<object>(new GetQueue(), TimeSpan.FromSeconds(3)));
        actor.Tell(0);
        probe.ExpectMsg("blocked");
        return (actor, queue);
    }

    [Fact]
    public async Task A_full_mailbox_drops_the_oldest_messages_reports_them_and_keeps_the_newest_in_order()
    {
        var probe = CreateProbe();
        var gate = new ManualResetEventSlim();
        var dropped = new ConcurrentQueue<object>();
        Action<object> onDropped = dropped.Enqueue;
        var (actor, queue) = await BlockedAsync(
            Props.Create(() => new Blocker(gate, probe.Ref, 3, onDropped)).WithMailbox(SubscriberActor.MailboxId), probe);
        Assert.Equal(3, queue.Capacity); // bound by the actor over the configured 1,000

        for (var i = 1; i <= 10; i++) actor.Tell(i);
        gate.Set();

        probe.ExpectMsg(0);
        probe.ExpectMsg(8);
        probe.ExpectMsg(9);
        probe.ExpectMsg(10);
        actor.Tell(11); // told once the queue is empty: nothing else was left in it
        probe.ExpectMsg(11);
        Assert.Equal(Enumerable.Range(1, 7).Cast<object>(), dropped);
    }

    [Fact]
    public async Task The_subscriber_mailbox_holds_its_configured_capacity_and_drops_only_beyond_it()
    {
        var probe = CreateProbe();
        var gate = new ManualResetEventSlim();
        var (actor, queue) = await BlockedAsync(
            Props.Create(() => new Blocker(gate, probe.Ref, null, null)).WithMailbox(SubscriberActor.MailboxId), probe);
        Assert.Equal(1000, queue.Capacity); // ChargerActorsConfig's default

        // 1,000 messages fill the queue exactly; the 1,001st pushes out the oldest (1).
        for (var i = 1; i <= 1001; i++) actor.Tell(i);
        Assert.Equal(1000, queue.Count);
        gate.Set();

        probe.ExpectMsg(0);
        for (var i = 2; i <= 1001; i++) probe.ExpectMsg(i);
    }

    [Fact]
    public async Task Without_a_binding_the_capacity_comes_from_the_mailbox_configuration()
    {
        var probe = CreateProbe();
        var drops = CreateProbe();
        Sys.EventStream.Subscribe<Dropped>(drops.Ref);
        var gate = new ManualResetEventSlim();
        var (actor, queue) = await BlockedAsync(Props.Create(() => new Blocker(gate, probe.Ref, null, null)).WithMailbox(ThreeMailbox), probe);
        Assert.Equal(3, queue.Capacity);

        for (var i = 1; i <= 5; i++) actor.Tell(i);
        Assert.Equal(1, drops.ExpectMsg<Dropped>().Message);
        Assert.Equal(2, drops.ExpectMsg<Dropped>().Message);
        gate.Set();

        probe.ExpectMsg(0);
        probe.ExpectMsg(3);
        probe.ExpectMsg(4);
        probe.ExpectMsg(5);
        actor.Tell(6); // told once the queue is empty: nothing else was left in it
        probe.ExpectMsg(6);
    }

    [Fact]
    public async Task Drops_are_published_as_Akka_Dropped_and_a_full_mailbox_still_stops_and_dead_letters_the_rest()
    {
        var probe = CreateProbe();
        var sender = CreateProbe("sender");
        var drops = CreateProbe("drops");
        var deadLetters = CreateProbe("dead-letters");
        Sys.EventStream.Subscribe<Dropped>(drops.Ref);
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters.Ref);
        var gate = new ManualResetEventSlim();
        var (actor, _) = await BlockedAsync(Props.Create(() => new Blocker(gate, probe.Ref, 1, null)).WithMailbox(SubscriberActor.MailboxId), probe);

        actor.Tell(1, sender.Ref);
        actor.Tell(2, sender.Ref);
        var drop = drops.ExpectMsg<Dropped>();
        Assert.Equal(1, drop.Message);
        Assert.Equal(sender.Ref, drop.Sender);
        Assert.Equal(actor, drop.Recipient);
        Assert.Equal("mailbox capacity 1 reached", drop.Reason);

        // Stopping is a system message: a full mailbox must not lose it. What is still queued goes to dead letters.
        // (Stopped directly: Sys.Stop goes through the guardian, which could reach the actor only after it took message 2.)
        probe.Watch(actor);
        ((IInternalActorRef)actor).Stop();
        gate.Set();
        probe.ExpectMsg(0);
        probe.ExpectTerminated(actor);
        var dead = deadLetters.FishForMessage<DeadLetter>(d => d.Recipient.Equals(actor));
        Assert.Equal(2, dead.Message);
        Assert.Equal(sender.Ref, dead.Sender);
    }

    [Fact]
    public async Task Concurrent_senders_never_lose_or_duplicate_a_message_and_leave_the_queue_at_capacity()
    {
        const int capacity = 100;
        const int perSender = 20_000;
        var queue = new DropOldestMessageQueue(capacity, Sys);
        var dropped = new ConcurrentBag<object>();
        queue.Bind(capacity, dropped.Add);

        var senders = Enumerable.Range(0, 2).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < perSender; i++) queue.Enqueue(ActorRefs.Nobody, new Envelope((s, i), ActorRefs.NoSender));
        })).ToArray();
        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(capacity, queue.Count);
        var kept = new List<(int Sender, int Index)>();
        while (queue.TryDequeue(out var envelope)) kept.Add(((int, int))envelope.Message);
        Assert.Equal(capacity, kept.Count);
        Assert.False(queue.HasMessages);
        var all = kept.Concat(dropped.Cast<(int, int)>()).ToList();
        Assert.Equal(2 * perSender, all.Count);
        Assert.Equal(2 * perSender, all.Distinct().Count());
        // Each sender's survivors are its newest messages, in the order it sent them.
        foreach (var s in new[] { 0, 1 })
        {
            var mine = kept.Where(k => k.Sender == s).Select(k => k.Index).ToList();
            Assert.Equal(mine.Order(), mine);
        }
    }

    [Fact]
    public void Capacities_below_one_are_refused()
    {
        Assert.Throws<ConfigurationException>(() => new DropOldestMailbox(Sys.Settings, ConfigurationFactory.ParseString("mailbox-capacity = 0")));
        var queue = new DropOldestMessageQueue(5, Sys);
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.Bind(0, _ => { }));
        Assert.Equal(5, queue.Capacity);
    }
}
