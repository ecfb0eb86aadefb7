using System.Globalization;
using Charger.Actors.Charging;
using Charger.Actors.Ocpp.ChargePoint;
using Charger.Actors.Sessions;
using Charger.Actors.Station;
using Charger.Actors.Subscribers;

namespace Charger.Actors.Alerts.Rules;

/// <summary>
/// The rule families of a host and what each rule's condition is. Every charger rule reads the monitors the charger
/// already keeps (no actor is asked), ocpp-down its <see cref="OcppMonitor"/>; host rules read
/// <see cref="IHostReadings"/>.
/// </summary>
public static class AlertFamilies
{
    /// <param name="clock">Records every observation of the clock's sync state (for the sessions' flag), or null.</param>
    public static IReadOnlyList<AlertFamily> For(ChargerRegistry registry, SessionJournalHealth? journal, string dataDirectory,
        IHostReadings readings, AlertsOptions options, ClockSyncLog? clock = null) =>
    [
        Chargers(registry),
        Subscribers(registry),
        Storage(journal, dataDirectory, readings, options),
        Host(readings, options, clock),
    ];

    public static AlertFamily Chargers(ChargerRegistry registry) => new("chargers",
        [AlertRule.LinkDown, AlertRule.StatusStale, AlertRule.ChargerFault, AlertRule.OcppDown],
        now =>
        {
            var chargers = registry.All;
            var conditions = chargers.SelectMany(h => ChargerConditions(h, now));
            // A charger without OCPP has nothing to watch, which is no problem of it: only a host where no charger
            // has OCPP says the rule cannot observe (once, for the station), like cpu-hot without a thermal zone.
            return chargers.Any(h => h.Ocpp is not null)
                ? conditions
                : conditions.Append(AlertCondition.Unavailable(AlertRule.OcppDown, AlertRule.Station,
                    "no charger has OCPP (ocpp.url is not set)"));
        });

    private static IEnumerable<AlertCondition> ChargerConditions(ChargerHandle charger, DateTimeOffset now)
    {
        var link = charger.Link.Current;
        yield return link.IsUp
            ? AlertCondition.Clear(AlertRule.LinkDown, charger.Id)
            : AlertCondition.Active(AlertRule.LinkDown, charger.Id,
                $"serial link down since {Time(link.Since)}{(link.LastError is { } e ? ": " + e : "")}");

        // Since the last status, or since the link came up if none came after that: a firmware that never answers a
        // fresh link is stale too (the tracker calls that status "unknown", not "stale").
        var lastStatus = charger.Status.Last?.ReceivedAt;
        var quietSince = lastStatus is { } at && at > link.Since ? at : link.Since;
        var stale = link.IsUp && now - quietSince > charger.Status.StaleAfter;
        yield return stale
            ? AlertCondition.Active(AlertRule.StatusStale, charger.Id,
                $"no status from the ESP32 since {Time(quietSince)} although the serial link is up")
            : AlertCondition.Clear(AlertRule.StatusStale, charger.Id);

        var state = charger.Status.Last?.State;
        yield return state == ChargerState.FaultHard
            ? AlertCondition.Active(AlertRule.ChargerFault, charger.Id, "the charger reports a fault (state 8, FAULT_HARD)")
            : AlertCondition.Clear(AlertRule.ChargerFault, charger.Id);

        if (charger.Ocpp is { } ocpp) yield return OcppCondition(charger.Id, ocpp);
    }

    /// <summary>
    /// Up means connected and, as the monitor tells, booted: a central system that answers BootNotification with
    /// Pending or Rejected (or has not answered yet) takes no transaction from us, which is down for the operator.
    /// </summary>
    private static AlertCondition OcppCondition(string chargerId, OcppMonitor ocpp)
    {
        // Without user info or query: an alert goes to webhooks and MQTT, and a URL may carry a password.
        var endpoint = $"{ocpp.Endpoint.Scheme}://{ocpp.Endpoint.Authority}{ocpp.Endpoint.AbsolutePath}";
        if (ocpp.State != OcppConnectionState.Connected)
            return AlertCondition.Active(AlertRule.OcppDown, chargerId,
                $"OCPP connection to {endpoint} is {ocpp.State.ToString().ToLowerInvariant()}{(ocpp.LastError is { } e ? ": " + e : "")}");
        if (!ocpp.BootAccepted)
            return AlertCondition.Active(AlertRule.OcppDown, chargerId, ocpp.LastBoot is { } boot
                ? $"connected to {endpoint} but the central system answered BootNotification with {boot.Status} at {Time(boot.At)}"
                : $"connected to {endpoint}{(ocpp.ConnectedSince is { } since ? " since " + Time(since) : "")} but BootNotification has no answer yet");
        return AlertCondition.Clear(AlertRule.OcppDown, chargerId);
    }

    public static AlertFamily Subscribers(ChargerRegistry registry) => new("subscribers",
        [AlertRule.SubscriberQuarantined],
        _ => registry.All.SelectMany(h => h.Subscribers.Snapshot().Select(s => s.State == SubscriberState.Quarantined
            ? AlertCondition.Active(AlertRule.SubscriberQuarantined, h.Id,
                $"subscriber {s.Name} is quarantined after failing past its restart budget; last error: {s.LastError}", s.Name)
            : AlertCondition.Clear(AlertRule.SubscriberQuarantined, h.Id, subject: s.Name))));

    public static AlertFamily Storage(SessionJournalHealth? journal, string dataDirectory, IHostReadings readings, AlertsOptions options) =>
        new("storage", [AlertRule.JournalFailing, AlertRule.DiskLow], _ => StorageConditions(journal, dataDirectory, readings, options));

    private static IEnumerable<AlertCondition> StorageConditions(SessionJournalHealth? journal, string dataDirectory, IHostReadings readings,
        AlertsOptions options)
    {
        if (journal is not null)
            yield return journal.Problem is { } problem
                ? AlertCondition.Active(AlertRule.JournalFailing, AlertRule.Station,
                    $"session journal writes failing since {Time(problem.Since)}: {problem.Reason}")
                : AlertCondition.Clear(AlertRule.JournalFailing, AlertRule.Station);

        var disk = readings.Disk(dataDirectory);
        if (!disk.IsAvailable)
        {
            yield return AlertCondition.Unavailable(AlertRule.DiskLow, AlertRule.Station, disk.Why!);
            yield break;
        }
        var (total, free) = disk.Value;
        var percent = total > 0 ? free * 100.0 / total : 100;
        var low = percent < options.DiskMinFreePercent || free < options.DiskMinFreeBytes;
        var detail = $"{Mib(free)} MiB free of {Mib(total)} MiB ({percent.ToString("0.#", CultureInfo.InvariantCulture)} %) on the data directory {dataDirectory}";
        yield return low
            ? AlertCondition.Active(AlertRule.DiskLow, AlertRule.Station, detail)
            : AlertCondition.Clear(AlertRule.DiskLow, AlertRule.Station, detail);
    }

    public static AlertFamily Host(IHostReadings readings, AlertsOptions options, ClockSyncLog? clockLog = null) =>
        new("host", [AlertRule.MemoryHigh, AlertRule.CpuHot, AlertRule.ClockUnsynchronised], now => HostConditions(readings, options, clockLog, now));

    private static IEnumerable<AlertCondition> HostConditions(IHostReadings readings, AlertsOptions options, ClockSyncLog? clockLog, DateTimeOffset now)
    {
        var rss = readings.RssBytes();
        yield return !rss.IsAvailable ? AlertCondition.Unavailable(AlertRule.MemoryHigh, AlertRule.Station, rss.Why!)
            : rss.Value > options.RssLimitBytes
                ? AlertCondition.Active(AlertRule.MemoryHigh, AlertRule.Station,
                    $"the daemon's resident memory is {Mib(rss.Value)} MiB, over the limit of {Mib(options.RssLimitBytes)} MiB")
                : AlertCondition.Clear(AlertRule.MemoryHigh, AlertRule.Station);

        var cpu = readings.CpuCelsius();
        yield return !cpu.IsAvailable ? AlertCondition.Unavailable(AlertRule.CpuHot, AlertRule.Station, cpu.Why!)
            : cpu.Value > options.CpuMaxCelsius
                ? AlertCondition.Active(AlertRule.CpuHot, AlertRule.Station,
                    $"CPU temperature {cpu.Value.ToString("0.0", CultureInfo.InvariantCulture)} °C, over {options.CpuMaxCelsius.ToString(CultureInfo.InvariantCulture)} °C")
                : AlertCondition.Clear(AlertRule.CpuHot, AlertRule.Station);

        var clock = readings.ClockSynchronised();
        if (clock.IsAvailable) clockLog?.Observe(clock.Value, now); // raw, without the hold: a session's flag needs every moment
        yield return !clock.IsAvailable ? AlertCondition.Unavailable(AlertRule.ClockUnsynchronised, AlertRule.Station, clock.Why!)
            : !clock.Value
                ? AlertCondition.Active(AlertRule.ClockUnsynchronised, AlertRule.Station,
                    "the system clock is not synchronised (the kernel reports STA_UNSYNC): session times may be wrong until NTP answers")
                : AlertCondition.Clear(AlertRule.ClockUnsynchronised, AlertRule.Station);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture);
}
