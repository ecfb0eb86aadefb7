namespace Charger.Actors.Sessions.Projection;

/// <summary>How the session projection batches and backs off.</summary>
public sealed record SessionProjectionOptions
{
    /// <summary>Events per transaction at most (a catch-up after downtime goes in batches of this size).</summary>
    public int MaxBatch { get; init; } = 500;

    /// <summary>How long a batch waits for more events: short, it adds to the read side's lag.</summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after its start the projection opens the read journal (on the actor system's scheduler). The daemon
    /// sets a second: opening it (linq2db's mappings and first queries, the read journal's sequence actor) costs
    /// several hundred ms of CPU, which at start-up competed with the first status and the first HTTP requests on a
    /// two-core machine (issue 19, bench/RESULTS.md "Fourth pass"). The tables only lag by that much once.
    /// </summary>
    public TimeSpan StartDelay { get; init; } = TimeSpan.Zero;
}
