using Charger.Actors.Ocpp.Transactions;
using Charger.Actors.Sessions.Journal;

namespace Charger.Tests.Ocpp;

public sealed class OcppLedgerStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_late_StartTransaction_conf_fills_the_transaction_id_of_the_messages_queued_after_it()
    {
        var state = new OcppLedgerState();
        state.Apply(new TransactionStarted(1, "driver-7", 0, T0));
        state.Apply(new TransactionSampled(1, 16, T0.AddSeconds(60)));
        state.Apply(new TransactionStopped(1, 0, "Local", T0.AddSeconds(90)));
        Assert.Equal(["StartTransaction", "MeterValues", "StopTransaction"], state.Outbox.Select(e => e.Action));
        Assert.Null(state.View().HeadTransactionId);

        state.Apply(new TransactionIdAssigned(1, 4711));
        state.Apply(new OutboxMessageDelivered(1));
        Assert.Equal(("MeterValues", (int?)4711), (state.View().Head!.Action, state.View().HeadTransactionId));
        state.Apply(new OutboxMessageDelivered(2));
        Assert.Equal(("StopTransaction", (int?)4711), (state.View().Head!.Action, state.View().HeadTransactionId));
    }

    [Fact]
    public void A_dropped_StartTransaction_takes_its_transactions_other_messages_along_so_none_says_minus_one()
    {
        var state = new OcppLedgerState();
        state.Apply(new TransactionStarted(1, "driver-7", 0, T0));
        state.Apply(new TransactionSampled(1, 16, T0.AddSeconds(60)));
        state.Apply(new OutboxMessageFailed(1, "InternalError"));
        Assert.Equal(1, state.Outbox[0].Attempts);
        state.Apply(new OutboxMessageDropped(1, "InternalError"));
        state.Apply(new TransactionStopped(1, 0, "Local", T0.AddSeconds(90)));
        Assert.Empty(state.Outbox);
        Assert.Null(state.OpenTransaction);

        // A snapshot keeps it all, the abandoned transaction included.
        var copy = OcppLedgerState.From(Roundtrip(state.ToSnapshot()));
        copy.Apply(new TransactionSampled(1, 16, T0.AddSeconds(95)));
        Assert.Empty(copy.Outbox);
    }

    [Fact]
    public void Availability_and_configuration_changes_are_kept()
    {
        var state = new OcppLedgerState();
        state.Apply(new AvailabilityChanged(1, false));
        state.Apply(new ConfigurationChanged("HeartbeatInterval", "120"));
        var view = OcppLedgerState.From(Roundtrip(state.ToSnapshot())).View();
        Assert.Equal((true, false, "120"), (view.ChargePointOperative, view.ConnectorOperative, view.Configuration["HeartbeatInterval"]));
    }

    [Fact]
    public void Every_ledger_event_is_stored_under_a_stable_versioned_manifest()
    {
        IOcppLedgerEvent[] events =
        [
            new TransactionStarted(1, "a", 0, T0), new TransactionStopped(1, 0, "Local", T0), new TransactionSampled(1, 6, T0),
            new TransactionIdAssigned(1, 2), new OutboxMessageDelivered(1), new OutboxMessageFailed(1, "x"), new OutboxMessageDropped(1, "x"),
            new AvailabilityChanged(0, true), new ConfigurationChanged("k", "v"),
            new AuthorizationCached("tag-1", "Accepted", T0.AddDays(1), T0), new AuthorizationCacheCleared(T0),
        ];
        foreach (var evt in events)
        {
            var stored = OcppLedgerSerializer.Format.Serialize(evt);
            Assert.StartsWith("ocpp-", stored.Manifest);
            Assert.Equal(1, stored.SchemaVersion);
            Assert.Equal(evt, OcppLedgerSerializer.Format.Deserialize(stored.Manifest, stored.SchemaVersion, stored.Payload));
        }
        Assert.Equal(7311, OcppLedgerSerializer.Id);
        Assert.NotEqual(SessionJournalSerializer.Id, OcppLedgerSerializer.Id);
    }

    [Fact]
    public void A_sample_written_before_meters_existed_still_reads_and_a_new_one_keeps_its_meter_reading()
    {
        // As the previous release wrote them: no meter, no context.
        var old = (TransactionSampled)OcppLedgerSerializer.Format.Deserialize("ocpp-transaction-sampled", 1,
            """{"transaction":3,"currentOfferedAmps":16,"at":"2026-12-07T12:00:00+00:00"}""");
        Assert.Equal(new TransactionSampled(3, 16, T0), old);
        var oldSnapshot = (OcppLedgerSnapshot)OcppLedgerSerializer.Format.Deserialize("ocpp-ledger-snapshot", 1, """
            {"outbox":[{"sequence":2,"action":"MeterValues","transaction":3,"at":"2026-12-07T12:00:00+00:00","idTag":null,"meterWattHours":0,
              "reason":null,"currentOfferedAmps":16,"attempts":1}],
             "transactionIds":{"3":1000},"openTransaction":3,"openIdTag":"a","lastTransaction":3,"lastSequence":2,"operative":{},"configuration":{}}
            """);
        var entry = Assert.Single(OcppLedgerState.From(oldSnapshot).Outbox);
        Assert.Equal(((int?)16, 1, (MeterSample?)null, (string?)null), (entry.CurrentOfferedAmps, entry.Attempts, entry.Meter, entry.Context));

        var sample = new TransactionSampled(3, 16, T0, new MeterSample(1_234_567.8, 11_040, 16, 16.02, null), "Sample.Clock");
        var stored = OcppLedgerSerializer.Format.Serialize(sample);
        Assert.Equal(("ocpp-transaction-sampled", 1), (stored.Manifest, stored.SchemaVersion));
        Assert.Equal(sample, OcppLedgerSerializer.Format.Deserialize(stored.Manifest, stored.SchemaVersion, stored.Payload));
        var state = new OcppLedgerState();
        state.Apply(new TransactionStarted(3, "a", 1_234_568, T0));
        state.Apply(sample);
        var copy = OcppLedgerState.From(Roundtrip(state.ToSnapshot()));
        Assert.Equal((sample.Meter, "Sample.Clock"), (copy.Outbox[1].Meter, copy.Outbox[1].Context));
    }

    [Fact]
    public void The_authorization_cache_learns_answers_is_cleared_capped_and_kept_in_snapshots_an_older_snapshot_reads_empty()
    {
        var state = new OcppLedgerState();
        state.Apply(new AuthorizationCached("tag-1", "Accepted", T0.AddHours(1), T0));
        state.Apply(new AuthorizationCached("tag-2", "Blocked", null, T0));
        state.Apply(new AuthorizationCached("tag-1", "Accepted", T0.AddHours(2), T0.AddMinutes(1)));
        var view = OcppLedgerState.From(Roundtrip(state.ToSnapshot())).View();
        Assert.Equal(2, view.AuthorizationCache.Count);
        Assert.True(view.AuthorizationCache["tag-1"].AcceptedAt(T0.AddMinutes(90)));
        Assert.False(view.AuthorizationCache["tag-1"].AcceptedAt(T0.AddHours(2))); // expired
        Assert.False(view.AuthorizationCache["tag-2"].AcceptedAt(T0));

        state.Apply(new AuthorizationCacheCleared(T0.AddMinutes(2)));
        Assert.Empty(state.View().AuthorizationCache);

        for (var i = 0; i <= OcppLedgerState.AuthorizationCacheCapacity; i++)
            state.Apply(new AuthorizationCached($"tag-{i}", "Accepted", null, T0.AddSeconds(i)));
        Assert.Equal(OcppLedgerState.AuthorizationCacheCapacity, state.AuthorizationCache.Count);
        Assert.DoesNotContain("tag-0", state.AuthorizationCache.Keys); // the least recently updated went first

        // A snapshot the previous release wrote has no cache and no open start: both read as empty.
        var old = (OcppLedgerSnapshot)OcppLedgerSerializer.Format.Deserialize("ocpp-ledger-snapshot", 1, """
            {"outbox":[],"transactionIds":{},"openTransaction":null,"openIdTag":null,"lastTransaction":0,"lastSequence":0,"operative":{},"configuration":{}}
            """);
        Assert.Empty(OcppLedgerState.From(old).View().AuthorizationCache);
    }

    [Fact]
    public void A_StopTransaction_keeps_its_transactions_begin_for_transactionData_across_a_snapshot()
    {
        var state = new OcppLedgerState();
        state.Apply(new TransactionStarted(1, "a", 1200, T0));
        var copy = OcppLedgerState.From(Roundtrip(state.ToSnapshot()));
        copy.Apply(new TransactionStopped(1, 3400, "Local", T0.AddHours(1)));
        Assert.Equal(new TransactionBegin(T0, 1200), copy.Outbox[^1].Begin);
        Assert.Equal(new TransactionBegin(T0, 1200), OcppLedgerState.From(Roundtrip(copy.ToSnapshot())).Outbox[^1].Begin);
    }

    private static OcppLedgerSnapshot Roundtrip(OcppLedgerSnapshot snapshot)
    {
        var stored = OcppLedgerSerializer.Format.Serialize(snapshot);
        return (OcppLedgerSnapshot)OcppLedgerSerializer.Format.Deserialize(stored.Manifest, stored.SchemaVersion, stored.Payload);
    }
}
