namespace Charger.Actors.Subscribers;

/// <summary>
/// A subscriber's live counters, written by its actor and mailbox and read by anyone (API,
/// metrics) without asking an actor that may be busy or stopped. Thread-safe.
/// </summary>
public sealed class SubscriberMonitor(string chargerId, string name)
{
    private readonly Lock _lock = new();
    private long _delivered;
    private long _failed;
    private long _dropped;
    private int _restarts;
    private long? _lastSequence;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _quarantinedAt;
    private volatile bool _quarantined;
    private volatile DropOldestMessageQueue? _mailbox;

    public string ChargerId { get; } = chargerId;

    public string Name { get; } = name;

    public bool IsQuarantined => _quarantined;

    /// <summary>Events waiting in the subscriber's mailbox now (0 before its actor started).</summary>
    public int MailboxDepth => _mailbox?.Count ?? 0;

    internal void WatchMailbox(DropOldestMessageQueue mailbox) => _mailbox = mailbox;

    internal void Delivered(long sequence)
    {
        lock (_lock)
        {
            _delivered++;
            _lastSequence = sequence;
        }
    }

    internal void Dropped() => Interlocked.Increment(ref _dropped);

    internal void Failed(Exception error, DateTimeOffset at)
    {
        lock (_lock)
        {
            _failed++;
            _lastError = Describe(error);
            _lastErrorAt = at;
        }
    }

    internal void Restarted() => Interlocked.Increment(ref _restarts);

    internal void Quarantined(DateTimeOffset at)
    {
        lock (_lock) _quarantinedAt ??= at;
        _quarantined = true;
    }

    public SubscriberSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new SubscriberSnapshot(ChargerId, Name, _quarantinedAt is null ? SubscriberState.Active : SubscriberState.Quarantined,
                _delivered, _failed, Interlocked.Read(ref _dropped), Volatile.Read(ref _restarts), _lastSequence, _lastError, _lastErrorAt, _quarantinedAt);
        }
    }

    // The delivery wrapper's own exception says nothing; the sink's cause is what an operator needs.
    private static string Describe(Exception error)
    {
        var cause = error is SubscriberDeliveryException { InnerException: { } inner } ? inner : error;
        return $"{cause.GetType().Name}: {cause.Message}";
    }
}
