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
public sealed record OutboxEntry(
    long Sequence,
    string Action,
    long Transaction,
    DateTimeOffset At,
    string? IdTag = null,
    int MeterWattHours = 0,
    string? Reason = null,
    int? CurrentOfferedAmps = null,
    int Attempts = 0);
