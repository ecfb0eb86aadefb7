using Akka.Actor;
using Akka.Pattern;
using Charger.Actors.Metering;
using Charger.Actors.Serial;
using Akka.Event;
using Charger.Actors.Supervision;

namespace Charger.Actors.Charging;

/// <summary>
/// One charger's subtree: the serial <c>link</c> (a backoff supervisor), the state <c>tracker</c> and
/// the <c>commands</c> actor, plus any event consumers given as children (the <c>subscribers</c>),
/// supervised one for one with a restart budget, so a fault restarts only the faulty child. It is the link's listener and routes what arrives one way: frames and link
/// changes to the tracker and the command actor. Commands and status queries sent to it go to the
/// child that handles them. Its <c>device-watch</c> child lets a re-plugged ESP32 reconnect at once (<see cref="DeviceWatchActor"/>).
/// </summary>
public sealed class ChargerSupervisor : ReceiveActor
{
    public const string LinkName = "link";
    public const string TrackerName = "tracker";
    public const string CommandsName = "commands";
    public const string MeterName = MeterLink.Name;

    private readonly ChargerOptions _options;
    private readonly IReadOnlyList<ChargerEventConsumer> _consumers;
    private readonly ChargerEventSequence _sequence;
    private readonly LinkMonitor _monitor;
    private readonly FlightRecorder _recorder;
    private readonly StatusMonitor _status;
    private readonly MeterMonitor? _meter;
    private readonly Budget.SiteBudgetAccess? _budget;
    private IActorRef _sessions = ActorRefs.Nobody;
    private IActorRef _tracker = ActorRefs.Nobody;
    private IActorRef _commands = ActorRefs.Nobody;
    private IActorRef? _startGate;

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>Restart this charger's whole subtree (OCPP's soft reset): its parent's strategy restarts it after this failure.</summary>
    public sealed record Restart
    {
        public static readonly Restart Instance = new();
    }

    /// <summary>A start its gate (the OCPP charge point) allowed, or one a central system asked for: straight to the command actor.</summary>
    public sealed record AuthorizedStart(StartCharging Start);

    public ChargerSupervisor(ChargerOptions options, IReadOnlyList<ChargerEventConsumer> consumers, ChargerEventSequence sequence, LinkMonitor monitor,
        FlightRecorder recorder, StatusMonitor status, MeterMonitor? meter = null, Budget.SiteBudgetAccess? budget = null)
    {
        _budget = budget;
        _meter = meter;
        _options = options;
        _consumers = consumers;
        _sequence = sequence;
        _monitor = monitor;
        _recorder = recorder;
        _status = status;

        Receive<SerialPortActor.FrameReceived>(f =>
        {
            _tracker.Forward(f);
            _commands.Forward(f);
        });
        Receive<SerialPortActor.LinkChanged>(c =>
        {
            _tracker.Forward(c);
            _commands.Forward(c);
        });
        // With OCPP a start is the charge point's to allow first (Authorize); it replies itself when it refuses.
        Receive<StartCharging>(s => (_startGate ?? _commands).Forward(s));
        Receive<AuthorizedStart>(a => _commands.Forward(a.Start));
        Receive<ChargerCommand>(c => _commands.Forward(c));
        Receive<Budget.SiteBudgetActor.QueryHolding>(q => _commands.Forward(q));
        Receive<StateTrackerActor.GetStatus>(q => _tracker.Forward(q));
        Receive<CommandActor.StartAccepted>(a => _tracker.Forward(a));
        Receive<Restart>(_ => throw new ChargerRestartRequestedException(_options.Id));
        // The meter's readings and link changes: the sessions take their energy from them.
        Receive<MeterActor.ReadingTaken>(r => _sessions.Forward(r));
        Receive<MeterActor.MeterLinkChanged>(c => _sessions.Forward(c));
        // The OCPP charge point's transaction ids: the sessions keep them with their charge.
        Receive<Sessions.SessionActor.OcppTransactionStarted>(t => _sessions.Forward(t));
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new RecordingOneForOneStrategy(_options.MaxRestarts, _options.RestartWindow, Akka.Actor.SupervisorStrategy.DefaultDecider);

    protected override void PreStart()
    {
        var id = _options.Id;
        // Consumers first, so the tracker's first event already has somewhere to go.
        IActorRef? startLedger = null;
        _startGate = null;
        var consumers = _consumers
            .Select(c =>
            {
                var actor = c switch
                {
                    ChargerEventConsumer.ChildConsumer child => Context.ActorOf(child.Props, child.Name),
                    ChargerEventConsumer.Existing existing => existing.Actor,
                    _ => throw new InvalidOperationException($"Unknown consumer {c}."),
                };
                if (c is ChargerEventConsumer.ChildConsumer { RecordsStarts: true }) startLedger = actor;
                if (c is ChargerEventConsumer.ChildConsumer { AuthorizesStarts: true }) _startGate = actor;
                return actor;
            })
            .ToArray();
        _tracker = Context.ActorOf(Props.Create(() => new StateTrackerActor(id, consumers, _sequence, _options.Tracker, _status)), TrackerName);
        var link = Context.ActorOf(SerialLink.Props(_options.Link, Self, _monitor, _recorder, Log, Context.System.Supervision(), Self.Path / LinkName), LinkName);
        _commands = Context.ActorOf(Props.Create(() => new CommandActor(link, _options.Commands, startLedger, _budget, id)), CommandsName);
        // A re-plugged ESP32 reconnects on the device event, through the link's backoff supervisor.
        Context.ActorOf(DeviceWatchActor.Props(link, _options.Link, _monitor), DeviceWatchActor.Name);
        _sessions = startLedger ?? ActorRefs.Nobody;
        if (_options.Meter is { } meterOptions && _meter is not null)
            Context.ActorOf(MeterLink.Props(meterOptions, Self, _meter, Log, Context.System.Supervision(), Self.Path / MeterName), MeterName);
    }
}
