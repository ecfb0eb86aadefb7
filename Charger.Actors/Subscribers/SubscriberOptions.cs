namespace Charger.Actors.Subscribers;

/// <summary>How one subscriber queues and retries.</summary>
public sealed record SubscriberOptions
{
    /// <summary>Events queued while the sink is busy; beyond it the oldest is dropped and counted.</summary>
    public int MailboxCapacity { get; init; } = 1000;

    /// <summary>Retries of one event after its first attempt fails (0: none).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Delay before the first retry; it doubles (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate(string key)
    {
        if (MailboxCapacity < 1) throw new ArgumentException($"{key}.mailbox-capacity must be at least 1, got {MailboxCapacity}.");
        if (MaxRetries < 0) throw new ArgumentException($"{key}.max-retries must be 0 or more, got {MaxRetries}.");
        if (RetryDelay <= TimeSpan.Zero) throw new ArgumentException($"{key}.retry-delay must be positive, got {RetryDelay}.");
        if (MaxRetryDelay < RetryDelay) throw new ArgumentException($"{key}.max-retry-delay must be at least retry-delay, got {MaxRetryDelay}.");
        if (AttemptTimeout <= TimeSpan.Zero) throw new ArgumentException($"{key}.attempt-timeout must be positive, got {AttemptTimeout}.");
    }
}
