using Akka.Actor.Setup;

namespace Charger.Actors.Runtime;

/// <summary>
/// The clock an <see cref="Akka.Actor.ActorSystem"/>'s actors read (status ages, session times, retry
/// delays), given at creation like Akka.Hosting's other setups. Without it they read
/// <see cref="TimeProvider.System"/>. Timers and backoff run on Akka's scheduler, not on this clock.
/// </summary>
public sealed class TimeProviderSetup(TimeProvider timeProvider) : Setup
{
    public TimeProvider TimeProvider { get; } = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
}
