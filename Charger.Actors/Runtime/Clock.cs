using Akka.Actor;

namespace Charger.Actors.Runtime;

/// <summary>The actor system's <see cref="TimeProvider"/> as an Akka extension: one per system, from its <see cref="TimeProviderSetup"/>.</summary>
public sealed class Clock(TimeProvider timeProvider) : IExtension
{
    public TimeProvider TimeProvider { get; } = timeProvider;
}

/// <summary>Creates the <see cref="Clock"/> extension of a system.</summary>
public sealed class ClockProvider : ExtensionIdProvider<Clock>
{
    public static readonly ClockProvider Instance = new();

    public override Clock CreateExtension(ExtendedActorSystem system) =>
        new(system.Settings.Setup.Get<TimeProviderSetup>().Select(s => s.TimeProvider).GetOrElse(TimeProvider.System));
}

public static class ClockExtensions
{
    /// <summary>The clock the system's actors read (see <see cref="TimeProviderSetup"/>).</summary>
    public static TimeProvider GetTimeProvider(this ActorSystem system) => system.WithExtension<Clock, ClockProvider>().TimeProvider;
}
