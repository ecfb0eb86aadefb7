namespace Charger.Actors.Ocpp.Messages;

/// <summary>What a central system says about an idTag: Accepted, Blocked, Expired, Invalid or ConcurrentTx.</summary>
public sealed record IdTagInfo(string Status, DateTimeOffset? ExpiryDate = null, string? ParentIdTag = null)
{
    public const string Accepted = "Accepted";

    /// <summary>An idTag is a CiString20.</summary>
    public const int MaxIdTagLength = 20;
}
