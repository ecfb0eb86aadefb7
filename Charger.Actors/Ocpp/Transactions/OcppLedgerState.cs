using System.Collections.Immutable;

namespace Charger.Actors.Ocpp.Transactions;

/// <summary>The ledger's state, changed only by applying its journaled events (so a replay rebuilds it exactly).</summary>
public sealed class OcppLedgerState
{
    private readonly List<OutboxEntry> _outbox = [];
    private readonly Dictionary<long, int> _transactionIds = [];
    private readonly Dictionary<int, bool> _operative = [];
    private readonly Dictionary<string, string> _configuration = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The authorization cache holds at most this many idTags; the least recently updated goes first.</summary>
    public const int AuthorizationCacheCapacity = 1000;

    private ImmutableDictionary<string, CachedAuthorization> _authorizations = ImmutableDictionary.Create<string, CachedAuthorization>(StringComparer.Ordinal);

    public long? OpenTransaction { get; private set; }

    public TransactionBegin? OpenStart { get; private set; }

    public IReadOnlyDictionary<string, CachedAuthorization> AuthorizationCache => _authorizations;

    public string? OpenIdTag { get; private set; }

    public long LastTransaction { get; private set; }

    public long LastSequence { get; private set; }

    public IReadOnlyList<OutboxEntry> Outbox => _outbox;

    public void Apply(IOcppLedgerEvent evt)
    {
        switch (evt)
        {
            case TransactionStarted s:
                OpenTransaction = s.Transaction;
                OpenIdTag = s.IdTag;
                OpenStart = new TransactionBegin(s.At, s.MeterStartWattHours);
                LastTransaction = Math.Max(LastTransaction, s.Transaction);
                _outbox.Add(new OutboxEntry(++LastSequence, "StartTransaction", s.Transaction, s.At, s.IdTag, s.MeterStartWattHours));
                break;
            case TransactionStopped s:
                var begin = OpenTransaction == s.Transaction ? OpenStart : null;
                if (OpenTransaction == s.Transaction)
                {
                    OpenTransaction = null;
                    OpenIdTag = null;
                    OpenStart = null;
                }
                if (IsAbandoned(s.Transaction)) break;
                _outbox.Add(new OutboxEntry(++LastSequence, "StopTransaction", s.Transaction, s.At, null, s.MeterStopWattHours, s.Reason) { Begin = begin });
                break;
            case TransactionSampled s:
                if (IsAbandoned(s.Transaction)) break;
                _outbox.Add(new OutboxEntry(++LastSequence, "MeterValues", s.Transaction, s.At, CurrentOfferedAmps: s.CurrentOfferedAmps, Meter: s.Meter, Context: s.Context));
                break;
            case TransactionIdAssigned a:
                _transactionIds[a.Transaction] = a.TransactionId;
                break;
            case OutboxMessageDelivered d:
                _outbox.RemoveAll(e => e.Sequence == d.Sequence);
                break;
            case OutboxMessageFailed f:
                var index = _outbox.FindIndex(e => e.Sequence == f.Sequence);
                if (index >= 0) _outbox[index] = _outbox[index] with { Attempts = _outbox[index].Attempts + 1 };
                break;
            case OutboxMessageDropped d:
                var dropped = _outbox.Find(e => e.Sequence == d.Sequence);
                _outbox.RemoveAll(e => e.Sequence == d.Sequence);
                // Without its StartTransaction a transaction has no id: its other messages could only say -1.
                if (dropped is { Action: "StartTransaction" })
                {
                    _outbox.RemoveAll(e => e.Transaction == dropped.Transaction);
                    _abandoned.Add(dropped.Transaction);
                }
                break;
            case AvailabilityChanged a:
                _operative[a.ConnectorId] = a.Operative;
                break;
            case ConfigurationChanged c:
                _configuration[c.Key] = c.Value;
                break;
            case AuthorizationCached a:
                _authorizations = _authorizations.SetItem(a.IdTag, new CachedAuthorization(a.IdTag, a.Status, a.ExpiryDate, a.At));
                if (_authorizations.Count > AuthorizationCacheCapacity)
                    _authorizations = _authorizations.Remove(_authorizations.Values.MinBy(e => e.UpdatedAt)!.IdTag);
                break;
            case AuthorizationCacheCleared:
                _authorizations = _authorizations.Clear();
                break;
        }
    }

    private readonly HashSet<long> _abandoned = [];

    private bool IsAbandoned(long transaction) => _abandoned.Contains(transaction);

    public int? TransactionIdOf(long transaction) => _transactionIds.TryGetValue(transaction, out var id) ? id : null;

    public OcppLedgerView View()
    {
        var head = _outbox.Count > 0 ? _outbox[0] : null;
        return new OcppLedgerView(
            head,
            head is null ? null : TransactionIdOf(head.Transaction),
            _outbox.Count,
            OpenTransaction,
            OpenTransaction is { } open ? TransactionIdOf(open) : null,
            _operative.GetValueOrDefault(0, true),
            _operative.GetValueOrDefault(1, true),
            new Dictionary<string, string>(_configuration, StringComparer.OrdinalIgnoreCase))
        {
            AuthorizationCache = _authorizations,
            OpenStartedAt = OpenStart?.At,
        };
    }

    public OcppLedgerSnapshot ToSnapshot() => new(
        [.. _outbox],
        new Dictionary<long, int>(_transactionIds),
        OpenTransaction,
        OpenIdTag,
        LastTransaction,
        LastSequence,
        new Dictionary<int, bool>(_operative),
        new Dictionary<string, string>(_configuration))
    {
        Abandoned = [.. _abandoned],
        AuthorizationCache = [.. _authorizations.Values.OrderBy(e => e.IdTag, StringComparer.Ordinal)],
        OpenStart = OpenStart,
    };

    public static OcppLedgerState From(OcppLedgerSnapshot snapshot)
    {
        var state = new OcppLedgerState
        {
            OpenTransaction = snapshot.OpenTransaction,
            OpenIdTag = snapshot.OpenIdTag,
            LastTransaction = snapshot.LastTransaction,
            LastSequence = snapshot.LastSequence,
            OpenStart = snapshot.OpenStart,
        };
        foreach (var entry in snapshot.AuthorizationCache ?? []) state._authorizations = state._authorizations.SetItem(entry.IdTag, entry);
        state._outbox.AddRange(snapshot.Outbox);
        foreach (var (k, v) in snapshot.TransactionIds) state._transactionIds[k] = v;
        foreach (var (k, v) in snapshot.Operative) state._operative[k] = v;
        foreach (var (k, v) in snapshot.Configuration) state._configuration[k] = v;
        foreach (var t in snapshot.Abandoned ?? []) state._abandoned.Add(t);
        return state;
    }
}
