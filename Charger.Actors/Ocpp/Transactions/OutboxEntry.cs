namespace Charger.Actors.Ocpp.Transactions;

/// <summary>
/// One transaction message waiting in the outbox. It keeps what the message says, not its JSON: the transaction id a
/// StopTransaction or MeterValues needs is filled in when it is sent, from the StartTransaction.conf that came before.
/// </summary>
/// <param name="Sequence">Its place in the outbox; messages go out in this order, one at a time.</param>
/// <param name="Action">StartTransaction, StopTransaction or MeterValues.</param>
/// <param name="Transaction">Our own number for the transaction it belongs to (the OCPP id comes later).</param>
/// <param name="At">When it happened (the message's timestamp).</param>
/// <param name="Attempts">Failed sends so far (CALLERROR or no answer).</param>
/// <param name="Context">A MeterValues' reading context: null is Sample.Periodic, Sample.Clock a clock-aligned one.</param>
/// <param name="Meter">A MeterValues' meter reading, when the charger's meter had a fresh one (absent in older snapshots).</param>
public sealed record OutboxEntry(
    long Sequence,
    string Action,
    long Transaction,
    DateTimeOffset At,
    string? IdTag = null,
    int MeterWattHours = 0,
    string? Reason = null,
    int? CurrentOfferedAmps = null,
    int Attempts = 0,
    MeterSample? Meter = null,
    string? Context = null)
{
    /// <summary>A StopTransaction's transaction start (its transactionData); absent in entries journaled before it existed.</summary>
    public TransactionBegin? Begin { get; init; }
}
