using Akka.Actor;
using Charger.Actors.Alerts;
using Charger.Actors.Alerts.Rules;
using Charger.Actors.Charging;
using Charger.Actors.Ocpp.ChargePoint;
using Charger.Actors.Serial;
using Charger.Actors.Sessions;
using Charger.Actors.Station;
using Charger.Actors.Subscribers;
using Charger.Tests.TestKit;

namespace Charger.Tests.Alerts;

/// <summary>
/// One charger's monitors (with OCPP, connected and booted, unless <c>ocpp</c> is false) and the host's readings,
/// each rule's condition switchable on and off, for the <see cref="AlertsActor"/> with the real rule families on the
/// test's virtual clock.
/// </summary>
public sealed class AlertWorld
{
    public const string ChargerId = "cp-1";
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _time;
    private readonly ChargerOptions _options = new() { Id = ChargerId };
    private readonly HashSet<string> _active = [];

    public AlertWorld(ManualTimeProvider time, IActorRef supervisor, bool ocpp = true)
    {
        _time = time;
        Link = new LinkMonitor(time);
        Link.MarkUp("/dev/ttyTEST");
        time.Advance(TimeSpan.FromMinutes(1)); // the link has been up a while when the test starts
        Status = new StatusMonitor(StaleAfter, time);
        Journal = new SessionJournalHealth(time);
        Registry = new ChargerRegistry();
        Supervisor = supervisor;
        if (ocpp) Ocpp = ConnectedOcpp(time);
        RegisterCharger(new SubscriberMonitors(ChargerId));
        Subscribers.For("webhook-1");
        Refresh();
    }

    public ChargerRegistry Registry { get; }

    public IActorRef Supervisor { get; }

    public LinkMonitor Link { get; }

    public StatusMonitor Status { get; }

    public SubscriberMonitors Subscribers { get; private set; } = null!;

    public SessionJournalHealth Journal { get; }

    /// <summary>cp-1's OCPP connection, or null when it has no OCPP.</summary>
    public OcppMonitor? Ocpp { get; private set; }

    public FakeHostReadings Readings { get; } = new();

    public IReadOnlyList<AlertFamily> Families(AlertsOptions options) =>
        AlertFamilies.For(Registry, Journal, "/data", Readings, options);

    public void Activate(string rule)
    {
        _active.Add(rule);
        switch (rule)
        {
            case AlertRule.LinkDown: Link.MarkDown("/dev/ttyTEST", "port vanished"); break;
            case AlertRule.StatusStale: Status.Received(StatusAt(1, _time.GetUtcNow() - StaleAfter - TimeSpan.FromSeconds(1))); break;
            case AlertRule.ChargerFault: break; // Refresh sends state 8
            case AlertRule.OcppDown: Ocpp!.Disconnected("connection refused"); break;
            case AlertRule.SubscriberQuarantined: Subscribers.For("webhook-1").Quarantined(_time.GetUtcNow()); break;
            case AlertRule.JournalFailing: Journal.Failed("charger cp-1", new IOException("database or disk is full")); break;
            case AlertRule.DiskLow: Readings.Disk = (10_000_000_000, 400_000_000); break;
            case AlertRule.MemoryHigh: Readings.Rss = 600L * 1024 * 1024; break;
            case AlertRule.CpuHot: Readings.Celsius = 85; break;
            case AlertRule.ClockUnsynchronised: Readings.Synchronised = false; break;
            default: throw new ArgumentException(rule);
        }
        Refresh();
    }

    public void Clear(string rule)
    {
        _active.Remove(rule);
        switch (rule)
        {
            case AlertRule.LinkDown: Link.MarkUp("/dev/ttyTEST"); break;
            case AlertRule.StatusStale: break; // Refresh sends a fresh status
            case AlertRule.ChargerFault: break;
            case AlertRule.OcppDown: Ocpp!.Connected(_time.GetUtcNow()); break; // the boot of before counts: no second one
            // A quarantine lasts until the process restarts: a new process has fresh monitors.
            case AlertRule.SubscriberQuarantined: RegisterCharger(new SubscriberMonitors(ChargerId)); Subscribers.For("webhook-1"); break;
            case AlertRule.JournalFailing: Journal.Succeeded(); break;
            case AlertRule.DiskLow: Readings.Disk = (10_000_000_000, 5_000_000_000); break;
            case AlertRule.MemoryHigh: Readings.Rss = 100L * 1024 * 1024; break;
            case AlertRule.CpuHot: Readings.Celsius = 50; break;
            case AlertRule.ClockUnsynchronised: Readings.Synchronised = true; break;
            default: throw new ArgumentException(rule);
        }
        Refresh();
    }

    /// <summary>A status now, as the tracker would record it each poll (not while status-stale is to stay active).</summary>
    public void Refresh()
    {
        if (_active.Contains(AlertRule.StatusStale)) return;
        Status.Received(StatusAt(_active.Contains(AlertRule.ChargerFault) ? 8 : 1, _time.GetUtcNow()));
    }

    /// <summary>cp-1 gets OCPP, connected and booted (a charger whose config gained <c>ocpp.url</c>).</summary>
    public void AddOcpp()
    {
        Ocpp = ConnectedOcpp(_time);
        RegisterCharger(Subscribers);
    }

    /// <summary>Another charger, without OCPP, its link up and its status fresh.</summary>
    public void AddChargerWithoutOcpp(string id)
    {
        var link = new LinkMonitor(_time);
        link.MarkUp("/dev/ttyOTHER");
        var status = new StatusMonitor(TimeSpan.FromDays(1), _time);
        status.Received(StatusAt(1, _time.GetUtcNow()));
        Registry.Register(new ChargerHandle(id, Supervisor, new ChargerOptions { Id = id }, link, status, new SubscriberMonitors(id),
            new ChargerEventSequence(), new FlightRecorder(1024, _time)));
    }

    private static OcppMonitor ConnectedOcpp(TimeProvider time)
    {
        // A password in the URL must never reach an alert (webhooks, MQTT).
        var ocpp = new OcppMonitor(ChargerId, new Uri("ws://cp-1:not-in-alerts@127.0.0.1:9/ocpp?x=1"));
        ocpp.Connected(time.GetUtcNow());
        ocpp.Booted(new OcppMonitor.BootResult("Accepted", 300, time.GetUtcNow()));
        return ocpp;
    }

    private static ChargerStatus StatusAt(int state, DateTimeOffset at) => new() { StateCode = state, ReceivedAt = at };

    private void RegisterCharger(SubscriberMonitors subscribers)
    {
        Subscribers = subscribers;
        Registry.Register(new ChargerHandle(ChargerId, Supervisor, _options, Link, Status, subscribers, new ChargerEventSequence(),
            new FlightRecorder(1024, _time)) { Ocpp = Ocpp });
    }
}

public sealed class FakeHostReadings : IHostReadings
{
    public (long Total, long Free)? Disk { get; set; } = (10_000_000_000, 5_000_000_000);

    public long? Rss { get; set; } = 100L * 1024 * 1024;

    public double? Celsius { get; set; } = 50;

    public bool? Synchronised { get; set; } = true;

    Reading<(long TotalBytes, long FreeBytes)> IHostReadings.Disk(string path) =>
        Disk is { } d ? Reading<(long, long)>.Of(d) : Reading<(long, long)>.Unavailable("no disk");

    public Reading<long> RssBytes() => Rss is { } r ? Reading<long>.Of(r) : Reading<long>.Unavailable("no /proc");

    public Reading<double> CpuCelsius() => Celsius is { } c ? Reading<double>.Of(c) : Reading<double>.Unavailable("no thermal zone on this host");

    public Reading<bool> ClockSynchronised() => Synchronised is { } s ? Reading<bool>.Of(s) : Reading<bool>.Unavailable("no adjtimex");
}
