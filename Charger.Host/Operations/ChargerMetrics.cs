using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Charger.Actors.Serial;
using Charger.Actors.Station;
using Charger.Actors.Supervision;
using Charger.Host.Daemon;

namespace Charger.Host.Operations;

/// <summary>
/// The daemon's instruments, on the meter <c>Charger</c> of the host's meter factory (so /metrics
/// and OTLP export them, see <see cref="Metrics.OpenTelemetryMetrics"/>). What the chargers already count (the
/// link monitor, its traffic, the event sequence, the subscriber monitors, the live stream's hub) is
/// read by observable instruments when Prometheus scrapes, so the serial and event paths pay nothing
/// for metrics; only HTTP requests, command results and live-stream drops are counted as they happen.
/// Every per-charger series is labelled <c>charger</c> with the configured id.
/// </summary>
public sealed class ChargerMetrics
{
    public const string MeterName = "Charger";

    /// <summary>
    /// Prometheus' default buckets, in seconds (5 ms .. 10 s): they fit what we time. Given as advice, which the
    /// OpenTelemetry SDK uses instead of its millisecond-sized defaults.
    /// </summary>
    public static readonly IReadOnlyList<double> SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly string[] KnownMethods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

    // The status label's value boxed once per code, not per request (issue 19: a request allocates as little as it can).
    private static readonly object[] BoxedStatusCodes = [.. Enumerable.Range(0, 600).Select(code => (object)code)];

    private readonly ChargerRuntime _runtime;
    private readonly TimeProvider _time;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _commands;
    private readonly Counter<long> _streamDropped;

    public ChargerMetrics(IMeterFactory meters, ChargerRuntime runtime, TimeProvider time)
    {
        _runtime = runtime;
        _time = time;
        var meter = meters.Create(MeterName);

        _requests = meter.CreateCounter<long>("charger.http.requests", description: "HTTP requests answered, by method, route template and status code.");
        _requestDuration = meter.CreateHistogram("charger.http.request.duration", "s",
            "Time to answer an HTTP request, by method, route template and status code (live event streams are not timed).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _commands = meter.CreateCounter<long>("charger.commands", description: "Charger commands sent through the API, by command and result.");
        _streamDropped = meter.CreateCounter<long>("charger.stream.dropped",
            description: "Events a live-stream (SSE) client lost because it did not keep up.");

        meter.CreateObservableGauge("charger.ocpp.connected", () => PerOcpp(o => o.State == Actors.Ocpp.ChargePoint.OcppConnectionState.Connected ? 1 : 0),
            description: "1 while the charger's OCPP WebSocket to its central system is open, else 0 (only chargers with ocpp.url).");
        meter.CreateObservableGauge("charger.ocpp.outbox_depth", () => PerOcpp(o => o.OutboxDepth),
            description: "OCPP transaction messages (StartTransaction, StopTransaction, MeterValues) journaled and not yet answered by the central system.");
        meter.CreateObservableCounter("charger.ocpp.calls", OcppCalls,
            description: "CALLs the charge point sent, by action and result (accepted, timeout, or the CALLERROR's code).");
        meter.CreateObservableGauge("charger.link.up", () => PerCharger(h => h.Link.Current.IsUp ? 1 : 0),
            description: "1 while the serial link to the charger's ESP32 is open, else 0.");
        meter.CreateObservableCounter("charger.link.reconnects", () => PerCharger(h => h.Link.Current.Reconnects),
            description: "Times the serial link came back after being down, since start.");
        meter.CreateObservableGauge("charger.link.reconnect_attempts", () => PerCharger(h => h.Link.Current.ReconnectAttempts),
            description: "Failed attempts since the link was last up (0 while up).");
        meter.CreateObservableCounter("charger.frames.received", FramesReceived,
            description: "Frames received from the ESP32 by type (STAT, ACK, INFO, WARN, ERR, unknown; noise is text outside frames).");
        meter.CreateObservableCounter("charger.frames.decode_errors", DecodeErrors,
            description: "Received frames that could not be decoded cleanly, by reason (overflow, truncated, malformed).");
        meter.CreateObservableGauge("charger.status.age", StatusAge, "s",
            "Seconds since the last STAT frame arrived (absent before the first).");
        meter.CreateObservableCounter("charger.events", Events, description: "Charger events published, by type.");
        meter.CreateObservableCounter("charger.subscriber.delivered", () => PerSubscriber(s => s.Delivered),
            description: "Events a subscriber's sink accepted.");
        meter.CreateObservableCounter("charger.subscriber.failed", () => PerSubscriber(s => s.Failed),
            description: "Events a subscriber gave up on after every retry.");
        meter.CreateObservableCounter("charger.subscriber.dropped", () => PerSubscriber(s => s.Dropped),
            description: "Events pushed out of a subscriber's full mailbox before it could take them.");
        meter.CreateObservableCounter("charger.subscriber.restarts", () => PerSubscriber(s => (long)s.Restarts),
            description: "Times a subscriber's actor was restarted after a failure.");
        meter.CreateObservableGauge("charger.subscriber.quarantined",
            () => PerSubscriber(s => s.State == Actors.Subscribers.SubscriberState.Quarantined ? 1L : 0L),
            description: "1 when a subscriber failed past its restart budget and was stopped.");
        meter.CreateObservableGauge("charger.subscriber.mailbox_depth", MailboxDepths,
            description: "Events waiting in a subscriber actor's mailbox (bounded by subscribers.mailbox-capacity; the oldest is dropped past it).");
        meter.CreateObservableCounter("charger.actor.restarts", ActorRestarts,
            description: "Times an actor was restarted by its supervisor since start, by actor path (the serial port actor's restarts are reconnects).");
        meter.CreateObservableGauge("charger.stream.clients", () => runtime.Hub.ReaderCount,
            description: "Live-stream (SSE) clients connected.");
        meter.CreateObservableGauge("charger.alert.active", AlertsActive,
            description: "1 while an alert of the rule is active for the charger (charger=\"station\" for the host's rules: disk, memory, temperature, clock, journal), else 0.");
    }

    /// <summary>Counts one command's result, e.g. ("cp-1", "start", "accepted").</summary>
    public void RecordCommand(string chargerId, string command, string result) =>
        _commands.Add(1, new KeyValuePair<string, object?>("charger", KnownCharger(chargerId)),
            new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("result", result));

    /// <summary>Counts one answered request; <paramref name="route"/> is the endpoint's template, never the path.</summary>
    public void RecordRequest(string method, string route, int status, TimeSpan? duration)
    {
        var tags = new TagList
        {
            { "method", KnownMethods.Contains(method) ? method : "OTHER" },
            { "route", route },
            { "status", status is >= 0 and < 600 ? BoxedStatusCodes[status] : status },
        };
        _requests.Add(1, tags);
        if (duration is { } d) _requestDuration.Record(d.TotalSeconds, tags);
    }

    /// <summary>Counts events a live-stream client lost.</summary>
    public void RecordStreamDropped(long count)
    {
        if (count > 0) _streamDropped.Add(count);
    }

    // A charger id from a URL is user input: only configured ids become label values.
    private string KnownCharger(string chargerId) =>
        _runtime.Registry.TryGet(chargerId, out var handle) ? handle.Id : "unknown";

    private IEnumerable<Measurement<T>> PerCharger<T>(Func<ChargerHandle, T> value) where T : struct =>
        _runtime.Registry.All.Select(h => new Measurement<T>(value(h), new KeyValuePair<string, object?>("charger", h.Id)));

    private IEnumerable<Measurement<int>> PerOcpp(Func<Actors.Ocpp.ChargePoint.OcppMonitor, int> value) =>
        _runtime.Registry.All.Where(h => h.Ocpp is not null)
            .Select(h => new Measurement<int>(value(h.Ocpp!), new KeyValuePair<string, object?>("charger", h.Id)));

    private IEnumerable<Measurement<long>> OcppCalls() =>
        _runtime.Registry.All.Where(h => h.Ocpp is not null).SelectMany(h => h.Ocpp!.Calls.Select(c => new Measurement<long>(c.Value,
            new KeyValuePair<string, object?>("charger", h.Id), new KeyValuePair<string, object?>("action", c.Key.Action),
            new KeyValuePair<string, object?>("result", c.Key.Result))));

    private IEnumerable<Measurement<long>> FramesReceived() =>
        _runtime.Registry.All.SelectMany(h => h.Link.Traffic.ReceivedCounts().Select(c => new Measurement<long>(c.Count,
            new KeyValuePair<string, object?>("charger", h.Id), new KeyValuePair<string, object?>("type", LabelOf(c.Kind)))));

    private IEnumerable<Measurement<long>> DecodeErrors() =>
        _runtime.Registry.All.SelectMany(h => h.Link.Traffic.DecodeErrorCounts().Select(c => new Measurement<long>(c.Count,
            new KeyValuePair<string, object?>("charger", h.Id), new KeyValuePair<string, object?>("reason", c.Error.ToString().ToLowerInvariant()))));

    private IEnumerable<Measurement<double>> StatusAge()
    {
        var now = _time.GetUtcNow();
        foreach (var h in _runtime.Registry.All)
            if (h.Link.Traffic.LastStatusAt is { } at)
                yield return new Measurement<double>(Math.Max(0, (now - at).TotalSeconds), new KeyValuePair<string, object?>("charger", h.Id));
    }

    private IEnumerable<Measurement<long>> Events() =>
        _runtime.Registry.All.SelectMany(h => h.Events.Counts().Select(c => new Measurement<long>(c.Count,
            new KeyValuePair<string, object?>("charger", h.Id),
            new KeyValuePair<string, object?>("type", JsonNamingPolicy.SnakeCaseUpper.ConvertName(c.Type.ToString())))));

    private IEnumerable<Measurement<long>> PerSubscriber(Func<Actors.Subscribers.SubscriberSnapshot, long> value) =>
        _runtime.Registry.All.SelectMany(h => h.Subscribers.Snapshot().Select(s => new Measurement<long>(value(s),
            new KeyValuePair<string, object?>("charger", h.Id), new KeyValuePair<string, object?>("subscriber", s.Name))));

    private IEnumerable<Measurement<int>> MailboxDepths() =>
        _runtime.Registry.All.SelectMany(h => h.Subscribers.All.Select(m => new Measurement<int>(m.MailboxDepth,
            new KeyValuePair<string, object?>("charger", h.Id), new KeyValuePair<string, object?>("subscriber", m.Name))));

    private IEnumerable<Measurement<long>> ActorRestarts() =>
        _runtime.HasStarted
            ? _runtime.System.Supervision().Restarts().Select(r => new Measurement<long>(r.Restarts, new KeyValuePair<string, object?>("actor", r.Path)))
            : [];

    private IEnumerable<Measurement<int>> AlertsActive()
    {
        var active = _runtime.Alerts.Active;
        var scopes = _runtime.Registry.All.Select(h => h.Id).Append(Actors.Alerts.AlertRule.Station);
        foreach (var scope in scopes)
            foreach (var rule in Actors.Alerts.AlertRule.All.Where(r => Actors.Alerts.AlertRule.IsStationRule(r) == (scope == Actors.Alerts.AlertRule.Station)))
                yield return new Measurement<int>(active.Any(a => a.Rule == rule && a.Scope == scope) ? 1 : 0,
                    new KeyValuePair<string, object?>("rule", rule), new KeyValuePair<string, object?>("charger", scope));
    }

    /// <summary>Frame types as they appear on the wire; the two that are not frames in lower case.</summary>
    public static string LabelOf(ReceivedKind kind) => kind switch
    {
        ReceivedKind.Unknown => "unknown",
        ReceivedKind.Noise => "noise",
        _ => kind.ToString().ToUpperInvariant(),
    };
}
