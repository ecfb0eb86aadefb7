using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class LookupTests : ActorTestBase
{
    [Fact]
    public void Lookup_finds_a_live_actor_by_path_and_nobody_elsewhere()
    {
        var probe = CreateProbe();
        var parent = Sys.ActorOf(Props.Create(() => new TestActors.Supervisor(SupervisorStrategy.DefaultStrategy)), "parent");
        probe.Send(parent, new TestActors.Spawn(Props.Create<TestActors.Echo>(), "child"));
        var child = probe.ExpectMsg<IActorRef>();

        Assert.Equal(child, Sys.Lookup("/user/parent/child"));
        Assert.Equal(parent, Sys.Lookup("user/parent"));
        Assert.Equal(ActorRefs.Nobody, Sys.Lookup("/user/parent/missing"));
        Assert.Equal(ActorRefs.Nobody, Sys.Lookup("/user/missing/child"));

        probe.Watch(child);
        Sys.Stop(child);
        probe.ExpectTerminated(child);
        Assert.Equal(ActorRefs.Nobody, Sys.Lookup("/user/parent/child"));
    }
}
