namespace Charger.Actors.Subscribers;

public enum SubscriberState
{
    Active,

    /// <summary>Failed past its restart budget and stopped; kept visible with its last error.</summary>
    Quarantined,
}
