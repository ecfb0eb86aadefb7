using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Charger.Actors.Runtime;

namespace Charger.Tests.TestKit;

/// <summary>
/// Base for actor tests: Akka.TestKit's <see cref="Akka.TestKit.Xunit2.TestKit"/> with a fresh system per test
/// (xunit creates one instance per test) whose scheduler and clock are a <see cref="ManualTimeProvider"/>
/// (<see cref="Time"/>), so a test moves timers, backoff and the simulator together. With
/// <c>manualTime: false</c> both run in real time. The system has our actors' configuration
/// (<see cref="ChargerActorsConfig"/>) and is shut down after the test.
/// </summary>
public abstract class ActorTestBase : Akka.TestKit.Xunit2.TestKit
{
    protected ActorTestBase(bool manualTime = true, string? extraConfig = null, Config? config = null)
        : this(new ManualTimeProvider(), manualTime, extraConfig, config)
    {
    }

    private ActorTestBase(ManualTimeProvider time, bool manualTime, string? extraConfig, Config? config)
        : base(Setup(time, manualTime, extraConfig, config), "test")
    {
        Time = time;
    }

    /// <summary>The clock of the system's scheduler and of its actors (with manual time).</summary>
    protected ManualTimeProvider Time { get; }

    /// <summary>An Akka <see cref="Akka.TestKit.TestProbe"/> (named, for readable failure messages).</summary>
    protected Akka.TestKit.TestProbe CreateProbe(string? name = null) => CreateTestProbe(name);

    /// <summary>The setup of a test actor system: the manual clock (or real time) and our actors' configuration.</summary>
    /// <param name="extra">More configuration (e.g. <c>SessionJournal.ToConfig</c>), below <paramref name="extraConfig"/>.</param>
    public static ActorSystemSetup Setup(ManualTimeProvider time, bool manualTime = true, string? extraConfig = null, Config? extra = null)
    {
        var config = ConfigurationFactory.ParseString(extraConfig ?? "")
            .WithFallback(extra ?? Config.Empty)
            .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING"))
            .WithFallback(ChargerActorsConfig.Default);
        if (manualTime) config = ManualTimeScheduler.ConfigFor(time).WithFallback(config);
        return BootstrapSetup.Create().WithConfig(config)
            .And(new TimeProviderSetup(manualTime ? time : TimeProvider.System));
    }
}
