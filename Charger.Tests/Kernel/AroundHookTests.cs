using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

/// <summary>
/// The kernel's internal AroundPreStart/AroundPostRestart are virtual so a base class (PersistentActor)
/// can run work that its subclasses' PreStart/PostRestart overrides cannot skip.
/// </summary>
public sealed class AroundHookTests : ActorTestBase
{
    private abstract class BaseWithHooks(IActorRef probe) : ReceiveActor
    {
        internal override void AroundPreStart()
        {
            base.AroundPreStart();
            probe.Tell("base:start");
        }

        internal override void AroundPostRestart(Exception reason)
        {
            base.AroundPostRestart(reason);
            probe.Tell($"base:restart:{reason.Message}");
        }
    }

    /// <summary>Overrides both hooks without calling base, and PostRestart does not call PreStart.</summary>
    private sealed class Careless : BaseWithHooks
    {
        private readonly IActorRef _probe;

        public Careless(IActorRef probe) : base(probe)
        {
            _probe = probe;
            Receive<string>(s => throw new InvalidOperationException(s));
        }

        protected override void PreStart() => _probe.Tell("sub:prestart");

        protected override void PostRestart(Exception reason) => _probe.Tell("sub:postrestart");
    }

    [Fact]
    public void A_base_class_hook_runs_after_the_subclass_hook_on_start_and_on_restart_only()
    {
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Careless(probe.Ref)));
        probe.ExpectMsg("sub:prestart");
        probe.ExpectMsg("base:start");

        actor.Tell("boom");

        probe.ExpectMsg("sub:postrestart");
        probe.ExpectMsg("base:restart:boom"); // not base:start: a restart is not a start
        actor.Tell("again");
        probe.ExpectMsg("sub:postrestart");
        probe.ExpectMsg("base:restart:again");
    }
}
