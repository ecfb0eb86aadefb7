using Charger.Actors.Supervision;
using Charger.Actors.Runtime;
using Charger.Actors.Charging;
using Akka.Actor;
using Akka.Pattern;
using Charger.Actors.Metering;
using Charger.Actors.Serial;
using Charger.Actors.Sessions;
using Charger.Actors.Subscribers;

namespace Charger.Actors.Station;

/// <summary>
/// The <c>/user/chargers</c> actor: one <see cref="ChargerSupervisor"/> child per configured charger,
/// named by its id, each with a <c>subscribers</c> child and a <c>sessions</c> child (the charger's
/// <see cref="SessionActor"/> under a backoff supervisor) fed by its tracker, and every charger listed
/// in the <see cref="ChargerRegistry"/>. Chargers are independent: one that fails is restarted alone.
/// </summary>
public sealed class ChargersSupervisor : ReceiveActor
{
    public const string Name = "chargers";
    public const string SubscribersName = "subscribers";
    public const string SessionsName = "sessions";

    /// <summary>Replied with <see cref="Chargers"/> once every charger is started and registered.</summary>
    public sealed record GetChargers
    {
        public static readonly GetChargers Instance = new();
    }

    public sealed record Chargers(IReadOnlyList<ChargerHandle> All);

    private readonly StationOptions _options;
    private readonly ChargerRegistry _registry;

    public ChargersSupervisor(StationOptions options, ChargerRegistry registry)
    {
        _options = options;
        _registry = registry;
        // Handled after PreStart, so asking it is how a starter waits until the registry is filled.
        Receive<GetChargers>(_ => Sender.Tell(new Chargers(_registry.All)));
    }

    public static Props Props(StationOptions options, ChargerRegistry registry)
    {
        options.Validate();
        return Akka.Actor.Props.Create(() => new ChargersSupervisor(options, registry));
    }

    /// <summary>Akka's default (restart, no limit), recorded for the supervision tree.</summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new RecordingOneForOneStrategy(null, null, Akka.Actor.SupervisorStrategy.DefaultDecider);

    protected override void PreStart()
    {
        var time = Context.System.GetTimeProvider();
        foreach (var charger in _options.Chargers)
        {
            // Monitors outlive the actors that write them, so an outage's history survives restarts.
            var existing = _registry.TryGet(charger.Id, out var known) ? known : null;
            var link = existing?.Link ?? new LinkMonitor(time);
            var recorder = existing?.Recorder ?? new FlightRecorder(_options.FlightRecorderBytes, time);
            var sequence = existing?.Events ?? new ChargerEventSequence();
            var subscribers = existing?.Subscribers ?? new SubscriberMonitors(charger.Id);
            var status = existing?.Status ?? new StatusMonitor(charger.Tracker.StaleAfter, time);
            var meter = charger.Meter is null ? null : existing?.Meter ?? new MeterMonitor(charger.Meter, time);

            var consumers = new List<ChargerEventConsumer>();
            if (_options.Subscribers.Count > 0)
                consumers.Add(ChargerEventConsumer.Child(SubscribersName,
                    SubscriberSupervisor.Props(_options.Subscribers, subscribers, _options.SubscriberBudget)));
            if (_options.Sessions is { } sessions)
                consumers.Add(ChargerEventConsumer.Child(SessionsName, BackoffSupervisor.Props(Backoff.OnStop(
                    SessionActor.Props(charger.Id, sessions.Options, meter: meter), SessionActor.Name,
                    sessions.MinBackoff, sessions.MaxBackoff, randomFactor: 0.2, maxNrOfRetries: -1)), recordsStarts: true));
            Ocpp.ChargePoint.OcppMonitor? ocppMonitor = null;
            if (_options.Ocpp.FirstOrDefault(o => string.Equals(o.Key, charger.Id, StringComparison.OrdinalIgnoreCase)).Value is { } ocpp)
            {
                ocppMonitor = existing?.Ocpp ?? new Ocpp.ChargePoint.OcppMonitor(ocpp.ChargePointId, ocpp.Endpoint);
                consumers.Add(ChargerEventConsumer.Child(Ocpp.ChargePoint.OcppChargePointActor.Name,
                    Ocpp.ChargePoint.OcppChargePointActor.Props(charger.Id, ocpp, ocppMonitor, meter), authorizesStarts: true));
            }
            var options = charger;
            var budget = _options.SiteBudget;
            var supervisor = Context.ActorOf(
                Akka.Actor.Props.Create(() => new ChargerSupervisor(options, consumers, sequence, link, recorder, status, meter, budget)), charger.Id);
            _registry.Register(new ChargerHandle(charger.Id, supervisor, charger, link, status, subscribers, sequence, recorder, meter) { Ocpp = ocppMonitor });
        }
    }
}
