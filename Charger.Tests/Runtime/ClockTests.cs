using Akka.Actor;
using Akka.Actor.Setup;
using Charger.Actors.Runtime;
using Charger.Tests.TestKit;

namespace Charger.Tests.Runtime;

/// <summary><see cref="Clock"/>: the clock a system's actors read is the one its <see cref="TimeProviderSetup"/> gave.</summary>
public sealed class ClockTests : ActorTestBase
{
    [Fact]
    public void The_test_systems_actors_read_the_manual_clock()
    {
        Assert.Same(Time, Sys.GetTimeProvider());
        Assert.Same(Sys.GetTimeProvider(), Sys.GetTimeProvider());
    }

    [Fact]
    public async Task A_system_created_with_a_TimeProviderSetup_reads_that_provider()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var system = ActorSystem.Create("clock-setup", BootstrapSetup.Create().And(new TimeProviderSetup(time)));
        try
        {
            Assert.Same(time, system.GetTimeProvider());
            Assert.Equal(time.GetUtcNow(), system.GetTimeProvider().GetUtcNow());
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_system_without_a_TimeProviderSetup_reads_the_system_clock()
    {
        var system = ActorSystem.Create("clock-default", "akka.loglevel = WARNING");
        try
        {
            Assert.Same(TimeProvider.System, system.GetTimeProvider());
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public void A_TimeProviderSetup_needs_a_provider() =>
        Assert.Throws<ArgumentNullException>(() => new TimeProviderSetup(null!));
}
