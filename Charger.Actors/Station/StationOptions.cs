using Charger.Actors.Charging;
using Charger.Actors.Subscribers;

namespace Charger.Actors.Station;

/// <summary>Everything this host runs: its chargers and the subscribers every charger feeds.</summary>
public sealed record StationOptions
{
    public required IReadOnlyList<ChargerOptions> Chargers { get; init; }

    /// <summary>Subscribers each charger gets a child for (the live stream, the log, webhooks).</summary>
    public IReadOnlyList<SubscriberDefinition> Subscribers { get; init; } = [];

    public SubscriberBudget SubscriberBudget { get; init; } = new();

    /// <summary>Sessions for every charger, or null for none (tests of other parts).</summary>
    public SessionPersistence? Sessions { get; init; }

    /// <summary>Chargers that speak OCPP 1.6J to a central system, by charger id; empty: none (OCPP off).</summary>
    public IReadOnlyDictionary<string, Ocpp.ChargePoint.OcppOptions> Ocpp { get; init; } = new Dictionary<string, Ocpp.ChargePoint.OcppOptions>();

    /// <summary>The site budget that admits every start (<c>site.max-current-a</c>), or null: none.</summary>
    public Budget.SiteBudgetAccess? SiteBudget { get; init; }

    /// <summary>Bytes of raw serial traffic kept per charger for the log after a link failure.</summary>
    public int FlightRecorderBytes { get; init; } = 16 * 1024;

    public void Validate()
    {
        if (Chargers.Count == 0) throw new ArgumentException("chargers must list at least one charger.");
        foreach (var charger in Chargers) charger.Validate();
        var duplicate = Chargers.GroupBy(c => c.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"chargers[].id '{duplicate.Key}' is used more than once.");
        var duplicatePort = Chargers.GroupBy(c => c.Link.PortPath).FirstOrDefault(g => g.Key is not null && g.Count() > 1);
        if (duplicatePort is not null) throw new ArgumentException($"chargers[].serial.port '{duplicatePort.Key}' is used by more than one charger.");
        var sharedMeterPort = Chargers.Where(c => c.Meter is not null).GroupBy(c => c.Meter!.PortPath).FirstOrDefault(g => g.Count() > 1);
        if (sharedMeterPort is not null) throw new ArgumentException($"chargers[].meter.port '{sharedMeterPort.Key}' is used by more than one charger.");
        foreach (var subscriber in Subscribers) subscriber.Validate();
        var duplicateSubscriber = Subscribers.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicateSubscriber is not null) throw new ArgumentException($"subscribers: the name '{duplicateSubscriber.Key}' is used more than once.");
        SubscriberBudget.Validate();
        Sessions?.Options.Validate();
        foreach (var (id, ocpp) in Ocpp)
        {
            if (!Chargers.Any(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase)))
                throw new ArgumentException($"ocpp: no charger '{id}' is configured.");
            ocpp.Validate();
            if (Sessions is null) throw new ArgumentException("ocpp needs the session journal (its transaction outbox is journaled there).");
        }
        SiteBudget?.Options.Validate();
        if (FlightRecorderBytes < 256) throw new ArgumentException($"link.flight-recorder-bytes must be at least 256, got {FlightRecorderBytes}.");
    }
}
