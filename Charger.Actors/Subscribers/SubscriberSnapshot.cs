namespace Charger.Actors.Subscribers;

/// <summary>One subscriber's counters at a moment, as the API and metrics show them.</summary>
/// <param name="Delivered">Events its sink accepted.</param>
/// <param name="Failed">Events given up on after every retry.</param>
/// <param name="Dropped">Events pushed out of its full mailbox before it could take them.</param>
/// <param name="Restarts">Times its actor was restarted after a failure.</param>
/// <param name="LastError">The last failure, as type and message (never a URL or secret).</param>
public sealed record SubscriberSnapshot(
    string ChargerId,
    string Name,
    SubscriberState State,
    long Delivered,
    long Failed,
    long Dropped,
    int Restarts,
    long? LastDeliveredSequence,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? QuarantinedAt);
