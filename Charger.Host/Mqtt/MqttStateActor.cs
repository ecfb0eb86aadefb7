using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Charger.Actors.Alerts;
using Charger.Actors.Charging;
using Charger.Actors.Runtime;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Station;
using Charger.Actors.Subscribers;

namespace Charger.Host.Mqtt;

/// <summary>
/// Publishes every charger's retained topics (state, session, link, alerts) into the <see cref="MqttOutbox"/>: on a
/// timer (the status is polled every second, and a status is not an event) and at once when an event arrives
/// (<see cref="Refresh"/>, from the MQTT subscriber). The outbox sends a topic only when its payload changed, and
/// once more after each reconnect. At start it publishes the Home Assistant discovery configs.
/// </summary>
public sealed class MqttStateActor : ReceiveActor, IWithTimers
{
    public const string Name = "mqtt-state";

    /// <summary>Publish now (an event arrived).</summary>
    public sealed record Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private static readonly JsonSerializerOptions Json = ChargerEventJson.Options;

    private readonly ChargerRegistry _registry;
    private readonly MqttOptions _options;
    private readonly MqttTopics _topics;
    private readonly MqttOutbox _outbox;
    private readonly Func<ISessionQueries?> _sessions;
    private readonly AlertBook _alerts;
    private readonly TimeProvider _time;

    public ITimerScheduler Timers { get; set; } = null!;

    public MqttStateActor(ChargerRegistry registry, MqttOptions options, MqttTopics topics, MqttOutbox outbox, Func<ISessionQueries?> sessions,
        AlertBook alerts)
    {
        _registry = registry;
        _options = options;
        _topics = topics;
        _outbox = outbox;
        _sessions = sessions;
        _alerts = alerts;
        _time = Context.System.GetTimeProvider();
        ReceiveAsync<Refresh>(_ => PublishAsync());
    }

    public static Props Props(ChargerRegistry registry, MqttOptions options, MqttTopics topics, MqttOutbox outbox, Func<ISessionQueries?> sessions,
        AlertBook alerts) => Akka.Actor.Props.Create(() => new MqttStateActor(registry, options, topics, outbox, sessions, alerts));

    private readonly HashSet<string> _discovered = [];

    protected override void PreStart()
    {
        Self.Tell(Refresh.Instance);
        Timers.StartPeriodicTimer("refresh", Refresh.Instance, TimeSpan.FromSeconds(1));
    }

    private async Task PublishAsync()
    {
        var now = _time.GetUtcNow();
        var first = _registry.Default?.Id;
        foreach (var charger in _registry.All)
        {
            // The chargers may start after this actor: each gets its discovery configs the first time it is seen.
            if (_options.Discovery && _discovered.Add(charger.Id))
                foreach (var message in HomeAssistantDiscovery.Configs(charger.Id, _topics, _options.Commands))
                    _outbox.Publish(message);
            _outbox.Publish(new MqttMessage(_topics.State(charger.Id), StateJson(charger, now), Retain: true));
            var link = charger.Link.Current;
            _outbox.Publish(new MqttMessage(_topics.Link(charger.Id), JsonSerializer.Serialize(new
            {
                up = link.IsUp,
                since = link.Since,
                reconnects = link.Reconnects,
                reconnect_attempts = link.ReconnectAttempts,
                last_error = link.LastError,
            }, Json), Retain: true));
            var alerts = _alerts.Active.Where(a => a.Scope == charger.Id || (a.Scope == AlertRule.Station && charger.Id == first))
                .Select(ChargerEventJson.AlertDocument.From).ToList();
            _outbox.Publish(new MqttMessage(_topics.Alerts(charger.Id), JsonSerializer.Serialize(alerts, Json), Retain: true));
            if (_sessions() is { } sessions)
            {
                SessionSummary? current = null;
                try
                {
                    current = await sessions.CurrentAsync(charger.Id);
                }
                catch (Exception)
                {
                    continue; // the session store is unavailable (readiness says so); the last published session stays
                }
                _outbox.Publish(new MqttMessage(_topics.Session(charger.Id), current is null
                    ? JsonSerializer.Serialize(new { active = false }, Json)
                    : JsonSerializer.Serialize(new
                    {
                        active = true,
                        session_id = current.SessionId,
                        user_id = current.UserId,
                        started_at = current.StartedAt,
                        elapsed_seconds = (long)current.DurationSeconds(now),
                    }, Json), Retain: true));
            }
        }
    }

    private static string StateJson(ChargerHandle charger, DateTimeOffset now)
    {
        var status = charger.Status.Last;
        var state = new JsonObject
        {
            ["online"] = charger.Link.Current.IsUp,
            ["status_fresh"] = charger.Status.FreshnessAt(now) == StatusFreshness.Fresh,
            ["state"] = status?.StateCode,
            ["state_name"] = ChargerEventJson.NameOf(status?.StateCode) ?? "UNKNOWN",
            ["charging"] = status?.State == ChargerState.Charging,
            ["pilot"] = status?.Pilot?.ToString(),
            ["cable_present"] = status?.CablePresent,
            ["authorized"] = status?.Authorized,
            ["max_current_amps"] = status?.MaxCurrentAmps,
            ["current_offered_amps"] = status is null ? null : CurrentOffered(status),
            ["cable_rating_amps"] = status?.CableRatingAmps,
            ["pwm_duty"] = status?.PwmDuty,
            ["status_at"] = status?.ReceivedAt,
        };
        return state.ToJsonString();
    }

    /// <summary>
    /// What the pilot offers the vehicle (IEC 61851-1: 10..85 % duty is duty × 0.6 A): 0 while the PWM is steady
    /// (255: charging not allowed, 0: off). The PWM is the firmware's 8-bit duty.
    /// </summary>
    public static double? CurrentOffered(ChargerStatus status)
    {
        if (status.PwmDuty is not { } pwm) return null;
        if (pwm is <= 0 or >= 255) return 0;
        var percent = pwm * 100.0 / 255;
        return Math.Round(percent is <= 85 ? percent * 0.6 : (percent - 64) * 2.5, 1);
    }
}
