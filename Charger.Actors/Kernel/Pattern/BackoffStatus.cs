namespace Charger.Actors.Kernel.Pattern;

/// <summary>What a <see cref="BackoffSupervisor"/> is doing, as <see cref="ActorSystem.Inspect"/> shows it.</summary>
/// <param name="Attempts">Restarts since the count was last reset (the exponent of the next delay).</param>
/// <param name="NextAttemptAt">When the child is started again; null while a child runs.</param>
/// <param name="CurrentDelay">The delay chosen for that pending restart; null while a child runs.</param>
/// <param name="LastChildFailure">The last exception the child failed with (its stats leave with it).</param>
public sealed record BackoffStatus(int Attempts, DateTimeOffset? NextAttemptAt, TimeSpan? CurrentDelay, ActorFailure? LastChildFailure)
{
    /// <summary>No child runs: the supervisor waits for <see cref="NextAttemptAt"/>.</summary>
    public bool IsBackingOff => NextAttemptAt is not null;
}
