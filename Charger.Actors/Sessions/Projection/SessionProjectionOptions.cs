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
}
