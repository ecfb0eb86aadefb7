using Charger.Actors.Kernel;
using Charger.Actors.Kernel.Event;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class EventStreamTests : ActorTestBase
{
    private record Animal(string Name);

    private sealed record Dog(string Name) : Animal(Name);

    [Fact]
    public void Subscribers_receive_events_of_their_type_and_subtypes()
    {
        var animals = CreateProbe();
        var dogs = CreateProbe();
        Assert.True(Sys.EventStream.Subscribe<Animal>(animals.Ref));
        Assert.True(Sys.EventStream.Subscribe<Dog>(dogs.Ref));
        Assert.False(Sys.EventStream.Subscribe<Dog>(dogs.Ref)); // already subscribed
        Sys.EventStream.Publish(new Animal("cat"));
        Sys.EventStream.Publish(new Dog("rex"));
        animals.ExpectMsg(new Animal("cat"));
        animals.ExpectMsg<Dog>();
        dogs.ExpectMsg(new Dog("rex"));
        dogs.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Unsubscribe_stops_delivery()
    {
        var probe = CreateProbe();
        Sys.EventStream.Subscribe<string>(probe.Ref);
        Assert.True(Sys.EventStream.Unsubscribe(probe.Ref));
        Sys.EventStream.Publish("nothing");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Stopped_subscribers_are_dropped()
    {
        var probe = CreateProbe();
        var subscriber = Sys.ActorOf(Props.Create<TestActors.Echo>());
        Sys.EventStream.Subscribe<string>(subscriber);
        probe.Watch(subscriber);
        Sys.Stop(subscriber);
        probe.ExpectTerminated(subscriber);
        Sys.EventStream.Publish("x");
        Assert.False(Sys.EventStream.Unsubscribe(subscriber)); // already removed on publish
    }

    [Fact]
    public void Dead_letters_carry_message_sender_and_recipient()
    {
        var probe = CreateProbe();
        Sys.EventStream.Subscribe<DeadLetter>(probe.Ref);
        Sys.DeadLetters.Tell("orphan", probe.Ref);
        var letter = probe.ExpectMsg<DeadLetter>();
        Assert.Equal("orphan", letter.Message);
        Assert.Same(probe.Ref, letter.Sender);
        Assert.Same(Sys.DeadLetters, letter.Recipient);
    }

    [Fact]
    public void Messages_left_in_the_mailbox_of_a_stopping_actor_become_dead_letters()
    {
        var probe = CreateProbe();
        var dead = CreateProbe();
        Sys.EventStream.Subscribe<DeadLetter>(dead.Ref);
        var gate = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new TestActors.Gated(gate, probe.Ref)));
        actor.Tell("first");
        probe.ExpectMsg("blocked");
        for (var i = 0; i < 10; i++) actor.Tell(i);
        Sys.Stop(actor); // a system message: handled before the queued user messages
        gate.Set();
        probe.ExpectMsg("first");
        var letters = dead.ReceiveN<DeadLetter>(10);
        Assert.Equal(Enumerable.Range(0, 10).Cast<object>(), letters.Select(l => l.Message));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }
}
