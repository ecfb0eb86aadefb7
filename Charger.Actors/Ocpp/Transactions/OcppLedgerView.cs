namespace Charger.Actors.Ocpp.Transactions;

/// <summary>
/// The ledger's state as its owner and the connection need it, sent after every change: the outbox's head (with the
/// OCPP transaction id it needs, once known), the open transaction, availability and changed configuration keys.
/// </summary>
public sealed record OcppLedgerView(
    OutboxEntry? Head,
    int? HeadTransactionId,
    int Depth,
    long? OpenTransaction,
    int? OpenTransactionId,
    bool ChargePointOperative,
    bool ConnectorOperative,
    IReadOnlyDictionary<string, string> Configuration)
{
    /// <summary>The authorization cache by idTag (an immutable snapshot: no copy per view).</summary>
    public IReadOnlyDictionary<string, CachedAuthorization> AuthorizationCache { get; init; } = new Dictionary<string, CachedAuthorization>();

    /// <summary>When the open transaction began (null when none is open, or for one opened before this was kept).</summary>
    public DateTimeOffset? OpenStartedAt { get; init; }
}
