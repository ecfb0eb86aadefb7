using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class SmokeTests : ActorTestBase
{
    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<string>(s => Sender.Tell("echo:" + s));
    }

    [Fact]
    public async Task Tell_and_ask_round_trip()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        var probe = CreateProbe();
        probe.Send(echo, "hi");
        Assert.Equal("echo:hi", probe.ExpectMsg<string>());
        Assert.Equal("echo:yo", await echo.Ask<string>("yo", TimeSpan.FromSeconds(3)));
    }
}
