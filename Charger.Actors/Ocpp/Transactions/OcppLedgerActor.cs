using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Charger.Actors.Ocpp.ChargePoint;

namespace Charger.Actors.Ocpp.Transactions;

/// <summary>
/// What one charge point must keep across restarts and power loss, journaled with Akka.Persistence on the daemon's
/// journal (persistence id <c>ocpp-{charger}</c>): the transaction outbox (StartTransaction, StopTransaction and
/// MeterValues, in order), the OCPP ids the central system gave our transactions, the open transaction,
/// ChangeAvailability and ChangeConfiguration. Every change is journaled before it is acknowledged, and after each its
/// <see cref="OcppLedgerView"/> goes to <paramref name="owner"/>. It runs under a backoff supervisor: a journal failure
/// stops it and it recovers from the journal when recreated.
/// </summary>
public sealed class OcppLedgerActor : ReceivePersistentActor
{
    public const string Name = "ledger";

    /// <summary>Open a transaction (ignored when one is open).</summary>
    public sealed record StartTransaction(string IdTag, int MeterStartWattHours, DateTimeOffset At);

    /// <summary>Close the open transaction (ignored when none is).</summary>
    public sealed record StopTransaction(int MeterStopWattHours, string Reason, DateTimeOffset At);

    /// <summary>A MeterValues for the open transaction (ignored when none is).</summary>
    public sealed record SampleTransaction(int? CurrentOfferedAmps, DateTimeOffset At, MeterSample? Meter = null, string? Context = null);

    /// <summary>The central system answered outbox message <paramref name="Sequence"/>; a StartTransaction's answer names the transaction.</summary>
    public sealed record Delivered(long Sequence, int? TransactionId);

    /// <summary>Outbox message <paramref name="Sequence"/> failed; after <paramref name="MaxAttempts"/> failures it is dropped.</summary>
    public sealed record Failed(long Sequence, string Error, int MaxAttempts);

    public sealed record SetAvailability(int ConnectorId, bool Operative);

    public sealed record SetConfiguration(string Key, string Value);

    /// <summary>Keep the central system's answer about an idTag in the authorization cache (journaled only when it changes it).</summary>
    public sealed record CacheAuthorization(string IdTag, string Status, DateTimeOffset? ExpiryDate, DateTimeOffset At);

    /// <summary>ClearCache: forget every cached idTag.</summary>
    public sealed record ClearAuthorizationCache(DateTimeOffset At);

    /// <summary>Told to the owner when a StartTransaction.conf named a transaction: when it began and, if over, ended.</summary>
    public sealed record TransactionIdKnown(long Transaction, int TransactionId, DateTimeOffset StartedAt, DateTimeOffset? StoppedAt);

    /// <summary>Replied with the current <see cref="OcppLedgerView"/>.</summary>
    public sealed record GetView
    {
        public static readonly GetView Instance = new();
    }

    private readonly IActorRef _owner;
    private readonly OcppMonitor? _monitor;
    private readonly int _snapshotEvery;
    private OcppLedgerState _state = new();

    public OcppLedgerActor(string chargerId, IActorRef owner, OcppMonitor? monitor, int snapshotEvery = 100)
    {
        PersistenceId = PersistenceIdOf(chargerId);
        _owner = owner;
        _monitor = monitor;
        _snapshotEvery = snapshotEvery;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is OcppLedgerSnapshot snapshot) _state = OcppLedgerState.From(snapshot);
        });
        Recover<IOcppLedgerEvent>(evt => _state.Apply(evt));
        Recover<RecoveryCompleted>(_ =>
        {
            Log.Info("OCPP ledger {PersistenceId}: {Depth} transaction messages queued, open transaction {Open}", PersistenceId,
                _state.Outbox.Count, _state.OpenTransaction?.ToString() ?? "none");
            Publish();
        });

        Command<StartTransaction>(c =>
        {
            if (_state.OpenTransaction is not null) return;
            Persist(new TransactionStarted(_state.LastTransaction + 1, c.IdTag, c.MeterStartWattHours, c.At), Applied);
        });
        Command<StopTransaction>(c =>
        {
            if (_state.OpenTransaction is not { } open) return;
            Persist(new TransactionStopped(open, c.MeterStopWattHours, c.Reason, c.At), Applied);
        });
        Command<SampleTransaction>(c =>
        {
            if (_state.OpenTransaction is not { } open) return;
            Persist(new TransactionSampled(open, c.CurrentOfferedAmps, c.At, c.Meter, c.Context), Applied);
        });
        Command<Delivered>(d =>
        {
            if (_state.Outbox.FirstOrDefault(e => e.Sequence == d.Sequence) is not { } entry) return;
            if (entry.Action == "StartTransaction" && d.TransactionId is { } id)
            {
                var stoppedAt = _state.Outbox.FirstOrDefault(e => e.Transaction == entry.Transaction && e.Action == "StopTransaction")?.At;
                PersistAll(new IOcppLedgerEvent[] { new TransactionIdAssigned(entry.Transaction, id), new OutboxMessageDelivered(d.Sequence) }, e =>
                {
                    Applied(e);
                    if (e is TransactionIdAssigned) _owner.Tell(new TransactionIdKnown(entry.Transaction, id, entry.At, stoppedAt), Self);
                });
            }
            else
                Persist(new OutboxMessageDelivered(d.Sequence), Applied);
        });
        Command<Failed>(f =>
        {
            if (_state.Outbox.FirstOrDefault(e => e.Sequence == f.Sequence) is not { } entry) return;
            if (entry.Attempts + 1 >= f.MaxAttempts)
            {
                Log.Warning("OCPP {Action} of transaction {Transaction} dropped after {Attempts} attempts: {Error}", entry.Action, entry.Transaction,
                    entry.Attempts + 1, f.Error);
                PersistAll(new IOcppLedgerEvent[] { new OutboxMessageFailed(f.Sequence, f.Error), new OutboxMessageDropped(f.Sequence, f.Error) }, Applied);
            }
            else
            {
                Persist(new OutboxMessageFailed(f.Sequence, f.Error), Applied);
            }
        });
        Command<SetAvailability>(a =>
        {
            Persist(new AvailabilityChanged(a.ConnectorId, a.Operative), Applied);
        });
        Command<SetConfiguration>(c => Persist(new ConfigurationChanged(c.Key, c.Value), Applied));
        Command<CacheAuthorization>(c =>
        {
            if (_state.AuthorizationCache.TryGetValue(c.IdTag, out var known) && known.Status == c.Status && known.ExpiryDate == c.ExpiryDate) return;
            Persist(new AuthorizationCached(c.IdTag, c.Status, c.ExpiryDate, c.At), Applied);
        });
        Command<ClearAuthorizationCache>(c =>
        {
            if (_state.AuthorizationCache.Count > 0) Persist(new AuthorizationCacheCleared(c.At), Applied);
        });
        Command<GetView>(_ => Sender.Tell(_state.View()));
        Command<SaveSnapshotSuccess>(s => DeleteMessages(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => Log.Warning("OCPP ledger snapshot failed: {Error}", f.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => Log.Warning("OCPP ledger: deleting journaled events failed: {Error}", f.Cause.Message));
    }

    public static string PersistenceIdOf(string chargerId) => $"ocpp-{chargerId}";

    public static Props Props(string chargerId, IActorRef owner, OcppMonitor? monitor, int snapshotEvery = 100) =>
        Akka.Actor.Props.Create(() => new OcppLedgerActor(chargerId, owner, monitor, snapshotEvery));

    public override string PersistenceId { get; }

    private void Applied(IOcppLedgerEvent evt)
    {
        _state.Apply(evt);
        if (LastSequenceNr % _snapshotEvery == 0) SaveSnapshot(_state.ToSnapshot());
        Publish();
    }

    private void Publish()
    {
        var view = _state.View();
        _monitor?.Outbox(view.Depth, view.Head is { } head ? new OcppMonitor.OutboxHead(head.Action, head.At, head.Attempts) : null);
        _monitor?.AuthorizationCache(view.AuthorizationCache.Count);
        _owner.Tell(view, Self);
    }
}
