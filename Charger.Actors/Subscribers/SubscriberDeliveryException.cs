namespace Charger.Actors.Subscribers;

/// <summary>A subscriber gave up on an event after all its retries; its supervisor restarts or quarantines it.</summary>
public sealed class SubscriberDeliveryException(string subscriber, long sequence, Exception cause)
    : Exception($"Subscriber '{subscriber}' could not deliver event {sequence}: {cause.Message}", cause);
