namespace Charger.Actors.Subscribers;

/// <summary>
/// Restarts each subscriber may use within <see cref="Window"/>; one more failure quarantines it.
/// Counted per subscriber, as Akka's one-for-one strategy counts per child.
/// </summary>
public sealed record SubscriberBudget
{
    public int MaxRestarts { get; init; } = 3;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    public void Validate()
    {
        if (MaxRestarts < 0) throw new ArgumentException($"subscribers.max-restarts must be 0 or more, got {MaxRestarts}.");
        if (Window <= TimeSpan.Zero) throw new ArgumentException($"subscribers.restart-window must be positive, got {Window}.");
    }
}
