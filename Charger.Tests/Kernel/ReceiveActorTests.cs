using Charger.Actors.Kernel;
using Charger.Actors.Kernel.Event;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class ReceiveActorTests : ActorTestBase
{
    private sealed class Classifier : ReceiveActor
    {
        public Classifier(IActorRef probe)
        {
            Receive<int>(i => i > 100, i => probe.Tell($"big:{i}"));
            Receive<int>(i => probe.Tell($"int:{i}"));
            Receive<string>(s => probe.Tell($"string:{s}"));
        }
    }

    [Fact]
    public void Handlers_are_tried_in_order_and_predicates_filter()
    {
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Classifier(probe.Ref)));
        actor.Tell(500);
        actor.Tell(5);
        actor.Tell("s");
        probe.ExpectMsg("big:500");
        probe.ExpectMsg("int:5");
        probe.ExpectMsg("string:s");
    }

    [Fact]
    public void Unhandled_messages_are_published_on_the_event_stream()
    {
        var probe = CreateProbe();
        var events = CreateProbe();
        Sys.EventStream.Subscribe<UnhandledMessage>(events.Ref);
        var actor = Sys.ActorOf(Props.Create(() => new Classifier(probe.Ref)));
        actor.Tell(3.14, probe.Ref);
        var unhandled = events.ExpectMsg<UnhandledMessage>();
        Assert.Equal(3.14, unhandled.Message);
        Assert.Same(actor, unhandled.Recipient);
        Assert.Same(probe.Ref, unhandled.Sender);
    }

    private sealed class CatchAll : ReceiveActor
    {
        public CatchAll(IActorRef probe)
        {
            Receive<string>(s => probe.Tell("string"));
            ReceiveAny(m => probe.Tell($"any:{m.GetType().Name}"));
        }
    }

    [Fact]
    public void ReceiveAny_takes_what_earlier_handlers_leave()
    {
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new CatchAll(probe.Ref)));
        actor.Tell("x");
        actor.Tell(1L);
        probe.ExpectMsg("string");
        probe.ExpectMsg("any:Int64");
    }

    private sealed class Switch : ReceiveActor
    {
        public Switch(IActorRef probe)
        {
            Receive<string>(s => s == "off", _ => Become(() => Receive<string>(s =>
            {
                probe.Tell($"off-mode:{s}");
                if (s == "on") UnbecomeStacked();
            })));
            Receive<string>(s => s == "push", _ => BecomeStacked(() => Receive<string>(s =>
            {
                probe.Tell($"pushed:{s}");
                if (s == "pop") UnbecomeStacked();
            })));
            Receive<string>(s => probe.Tell($"normal:{s}"));
        }
    }

    [Fact]
    public void BecomeStacked_and_UnbecomeStacked_push_and_pop_behaviours()
    {
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Switch(probe.Ref)));
        foreach (var m in new[] { "a", "push", "b", "pop", "c" }) actor.Tell(m);
        probe.ExpectMsg("normal:a");
        probe.ExpectMsg("pushed:b");
        probe.ExpectMsg("pushed:pop");
        probe.ExpectMsg("normal:c");
    }

    [Fact]
    public void Become_replaces_the_behaviour()
    {
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Switch(probe.Ref)));
        foreach (var m in new[] { "off", "x", "on", "y" }) actor.Tell(m);
        probe.ExpectMsg("off-mode:x");
        probe.ExpectMsg("off-mode:on");
        probe.ExpectMsg("normal:y"); // Become replaced the base; popping returns to it
    }

    private sealed class LateRegistration : ReceiveActor
    {
        public LateRegistration(IActorRef probe) => Receive<string>(_ =>
        {
            try
            {
                Receive<int>(_ => { });
            }
            catch (InvalidOperationException e)
            {
                probe.Tell(e.Message);
            }
        });
    }

    [Fact]
    public void Registering_a_handler_outside_the_constructor_or_Become_is_an_error()
    {
        var probe = CreateProbe();
        Sys.ActorOf(Props.Create(() => new LateRegistration(probe.Ref))).Tell("go");
        Assert.Contains("constructor", probe.ExpectMsg<string>());
    }

    private sealed class Context_ : ReceiveActor
    {
        public Context_(IActorRef probe)
        {
            Receive<string>(s => s == "spawn", _ =>
            {
                Context.ActorOf(Props.Create<TestActors.Echo>(), "kid1");
                Context.ActorOf(Props.Create<TestActors.Echo>(), "kid2");
                probe.Tell(Context.Children.Select(c => c.Path.Name).Order().ToArray());
                probe.Tell(Context.Child("kid1").Path.Name);
                probe.Tell(Context.Child("missing"));
                probe.Tell(Context.Parent.Path.Local);
                probe.Tell(Sender);
                probe.Tell(Context.System.Name);
            });
        }
    }

    [Fact]
    public void The_context_exposes_self_sender_parent_children_and_system()
    {
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Context_(probe.Ref)), "ctx");
        actor.Tell("spawn", probe.Ref);
        Assert.Equal(["kid1", "kid2"], probe.ExpectMsg<string[]>());
        probe.ExpectMsg("kid1");
        Assert.Same(ActorRefs.Nobody, probe.ExpectMsg<IActorRef>());
        probe.ExpectMsg("/user");
        Assert.Same(probe.Ref, probe.ExpectMsg<IActorRef>());
        probe.ExpectMsg("test");
    }

    private sealed class Forwarder(IActorRef target) : ReceiveActor
    {
        protected override void PreStart() => ReceiveAnyForward();

        private void ReceiveAnyForward() => Context.Become(m =>
        {
            target.Forward(m);
            return true;
        });
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var final = CreateProbe();
        var origin = CreateProbe();
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(final.Ref)));
        origin.Send(forwarder, "hello");
        final.ExpectMsg("hello");
        Assert.Same(origin.Ref, final.LastSender);
    }

    [Fact]
    public void Tell_from_outside_an_actor_has_no_sender_and_Sender_is_dead_letters()
    {
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Context_(probe.Ref)));
        actor.Tell("spawn");
        probe.ExpectMsg<string[]>();
        probe.ExpectMsg<string>();
        probe.ExpectMsg<IActorRef>();
        probe.ExpectMsg<string>();
        Assert.Same(Sys.DeadLetters, probe.ExpectMsg<IActorRef>());
    }
}
