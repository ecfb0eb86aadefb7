using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class StashTests : ActorTestBase
{
    private sealed class Doubler : ReceiveActor, IWithStash
    {
        public Doubler(IActorRef probe) => Receive<string>(_ =>
        {
            Stash.Stash();
            try
            {
                Stash.Stash();
            }
            catch (IllegalActorStateException e)
            {
                probe.Tell(e.Message);
            }
        });

        public IStash Stash { get; set; } = null!;
    }

    private sealed class Gate : ReceiveActor, IWithStash
    {
        public Gate(IActorRef probe)
        {
            Receive<string>(s => s == "open", _ =>
            {
                Become(() => Receive<string>(s => probe.Tell($"open:{s}:{Sender.Path.Name}")));
                Stash.UnstashAll();
            });
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("fail"));
            Receive<string>(_ => Stash.Stash());
        }

        public IStash Stash { get; set; } = null!;
    }

    [Fact]
    public void UnstashAll_puts_messages_back_in_front_in_order_with_their_senders()
    {
        var probe = CreateProbe("sender1");
        var gate = Sys.ActorOf(Props.Create(() => new Gate(probe.Ref)));
        foreach (var m in new[] { "a", "b", "c" }) probe.Send(gate, m);
        gate.Tell("open");
        gate.Tell("d");
        probe.ExpectMsg("open:a:sender1");
        probe.ExpectMsg("open:b:sender1");
        probe.ExpectMsg("open:c:sender1");
        probe.ExpectMsg("open:d:deadLetters");
    }

    [Fact]
    public void Stashed_messages_survive_a_restart()
    {
        var probe = CreateProbe("sender2");
        var gate = Sys.ActorOf(Props.Create(() => new Gate(probe.Ref)));
        probe.Send(gate, "a");
        probe.Send(gate, "b");
        gate.Tell("fail"); // restart: the stash goes back to the mailbox, in front
        gate.Tell("open");
        // After the restart "a" and "b" are stashed again by the fresh instance, then replayed by "open".
        probe.ExpectMsg("open:a:sender2");
        probe.ExpectMsg("open:b:sender2");
    }

    [Fact]
    public void Stashing_the_same_message_twice_is_an_error()
    {
        var probe = CreateProbe();
        var doubler = Sys.ActorOf(Props.Create(() => new Doubler(probe.Ref)));
        doubler.Tell("twice");
        Assert.Contains("twice", probe.ExpectMsg<string>());
    }

    [Fact]
    public void Stashed_messages_become_dead_letters_when_the_actor_stops()
    {
        var probe = CreateProbe();
        var deadLetters = CreateProbe();
        Sys.EventStream.Subscribe<Actors.Kernel.Event.DeadLetter>(deadLetters.Ref);
        var gate = Sys.ActorOf(Props.Create(() => new Gate(probe.Ref)));
        gate.Tell("kept");
        gate.Tell(PoisonPill.Instance);
        deadLetters.ExpectMsg<Actors.Kernel.Event.DeadLetter>(d => Equals(d.Message, "kept"));
    }
}
