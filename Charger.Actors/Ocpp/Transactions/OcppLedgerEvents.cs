namespace Charger.Actors.Ocpp.Transactions;

/// <summary>What the OCPP ledger journals (<see cref="OcppLedgerActor"/>), in our own versioned JSON (<see cref="OcppLedgerSerializer"/>).</summary>
public interface IOcppLedgerEvent;

/// <summary>A transaction began: its StartTransaction joins the outbox.</summary>
public sealed record TransactionStarted(long Transaction, string IdTag, int MeterStartWattHours, DateTimeOffset At) : IOcppLedgerEvent;

/// <summary>A transaction ended: its StopTransaction joins the outbox.</summary>
public sealed record TransactionStopped(long Transaction, int MeterStopWattHours, string Reason, DateTimeOffset At) : IOcppLedgerEvent;

/// <summary>
/// A periodic sample of a transaction: a MeterValues joins the outbox. <paramref name="Meter"/> is the meter's fresh
/// reading, null without a meter or a fresh reading, and in events written before meters existed (schema version 1
/// gained it as an optional field: old events read as they were).
/// </summary>
/// <param name="Context">Sample.Clock for a clock-aligned sample; null for Sample.Periodic (and in older events).</param>
public sealed record TransactionSampled(long Transaction, int? CurrentOfferedAmps, DateTimeOffset At, MeterSample? Meter = null, string? Context = null)
    : IOcppLedgerEvent;

/// <summary>The central system's StartTransaction.conf named the transaction.</summary>
public sealed record TransactionIdAssigned(long Transaction, int TransactionId) : IOcppLedgerEvent;

/// <summary>The central system answered the message: it leaves the outbox.</summary>
public sealed record OutboxMessageDelivered(long Sequence) : IOcppLedgerEvent;

/// <summary>A send failed (CALLERROR or no answer in time).</summary>
public sealed record OutboxMessageFailed(long Sequence, string Error) : IOcppLedgerEvent;

/// <summary>
/// Given up after TransactionMessageAttempts: the message leaves the outbox. A dropped StartTransaction takes the rest
/// of its transaction with it (without an id they could only be sent with transactionId -1).
/// </summary>
public sealed record OutboxMessageDropped(long Sequence, string Reason) : IOcppLedgerEvent;

/// <summary>ChangeAvailability: connector 0 (the whole charge point) or 1 made operative or inoperative.</summary>
public sealed record AvailabilityChanged(int ConnectorId, bool Operative) : IOcppLedgerEvent;

/// <summary>ChangeConfiguration of a writable key.</summary>
public sealed record ConfigurationChanged(string Key, string Value) : IOcppLedgerEvent;

/// <summary>
/// The central system's word on an idTag (Authorize.conf or StartTransaction.conf), kept in the authorization cache
/// (OCPP 1.6 section 3.5.1) for offline starts and LocalPreAuthorize.
/// </summary>
public sealed record AuthorizationCached(string IdTag, string Status, DateTimeOffset? ExpiryDate, DateTimeOffset At) : IOcppLedgerEvent;

/// <summary>ClearCache: every cached idTag is forgotten.</summary>
public sealed record AuthorizationCacheCleared(DateTimeOffset At) : IOcppLedgerEvent;

/// <summary>Everything the ledger knows, so a recovery replays at most a snapshot interval of events.</summary>
public sealed record OcppLedgerSnapshot(
    IReadOnlyList<OutboxEntry> Outbox,
    IReadOnlyDictionary<long, int> TransactionIds,
    long? OpenTransaction,
    string? OpenIdTag,
    long LastTransaction,
    long LastSequence,
    IReadOnlyDictionary<int, bool> Operative,
    IReadOnlyDictionary<string, string> Configuration)
{
    /// <summary>Transactions whose StartTransaction was dropped: their later messages are never queued.</summary>
    public IReadOnlyList<long>? Abandoned { get; init; }

    /// <summary>The authorization cache (absent in snapshots written before it existed: empty).</summary>
    public IReadOnlyList<CachedAuthorization>? AuthorizationCache { get; init; }

    /// <summary>The open transaction's start (for StopTransaction's transactionData; absent in older snapshots).</summary>
    public TransactionBegin? OpenStart { get; init; }
}

/// <summary>One idTag in the authorization cache, as the central system last described it.</summary>
public sealed record CachedAuthorization(string IdTag, string Status, DateTimeOffset? ExpiryDate, DateTimeOffset UpdatedAt)
{
    /// <summary>Accepted and not expired at <paramref name="now"/>.</summary>
    public bool AcceptedAt(DateTimeOffset now) => Status == "Accepted" && (ExpiryDate is not { } expiry || expiry > now);
}

/// <summary>When a transaction began and the meter register then, Wh.</summary>
public sealed record TransactionBegin(DateTimeOffset At, int MeterWattHours);
