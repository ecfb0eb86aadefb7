using Charger.Actors.Supervision;
using Charger.Actors.Runtime;
using Akka.Event;
using Charger.Actors.Charging;
using Akka.Actor;

namespace Charger.Actors.Subscribers;

/// <summary>
/// A charger's subscribers: one <see cref="SubscriberActor"/> child each, and every
/// <see cref="ChargerEvent"/> it receives is told to each child that is not quarantined. It never
/// waits on a child, so no subscriber delays the tracker or another subscriber. A child that fails is
/// restarted alone; past its <see cref="SubscriberBudget"/> it is stopped and its monitor says
/// quarantined, with the last error, until the process restarts.
/// </summary>
public sealed class SubscriberSupervisor : ReceiveActor
{
    private ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>Replied with <see cref="Subscribers"/>.</summary>
    public sealed record GetSubscribers
    {
        public static readonly GetSubscribers Instance = new();
    }

    public sealed record Subscribers(IReadOnlyList<SubscriberSnapshot> All);

    private readonly IReadOnlyList<SubscriberDefinition> _definitions;
    private readonly SubscriberMonitors _monitors;
    private readonly SubscriberBudget _budget;
    private readonly Dictionary<IActorRef, SubscriberMonitor> _active = [];
    private IActorRef[] _targets = [];

    public SubscriberSupervisor(IReadOnlyList<SubscriberDefinition> definitions, SubscriberMonitors monitors, SubscriberBudget budget)
    {
        _definitions = definitions;
        _monitors = monitors;
        _budget = budget;

        Receive<ChargerEvent>(evt =>
        {
            foreach (var target in _targets) target.Tell(evt, Sender);
        });
        Receive<Terminated>(t => Quarantine(t.ActorRef));
        Receive<GetSubscribers>(_ => Sender.Tell(new Subscribers(_monitors.Snapshot())));
    }

    /// <summary>Props for a charger's subscriber supervisor.</summary>
    public static Props Props(IReadOnlyList<SubscriberDefinition> definitions, SubscriberMonitors monitors, SubscriberBudget budget) =>
        Akka.Actor.Props.Create(() => new SubscriberSupervisor(definitions, monitors, budget));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new RecordingOneForOneStrategy(_budget.MaxRestarts, _budget.Window, _ => Directive.Restart);

    protected override void PreStart()
    {
        foreach (var definition in _definitions)
        {
            var monitor = _monitors.For(definition.Name);
            if (monitor.IsQuarantined) continue; // a restart of this supervisor does not lift a quarantine
            var child = Context.ActorOf(SubscriberActor.Props(definition, monitor), definition.Name);
            Context.Watch(child);
            _active[child] = monitor;
        }
        _targets = [.. _active.Keys];
    }

    private void Quarantine(IActorRef child)
    {
        if (!_active.Remove(child, out var monitor)) return;
        monitor.Quarantined(Context.System.GetTimeProvider().GetUtcNow());
        _targets = [.. _active.Keys];
        Log.Error("Subscriber {Subscriber} of charger {ChargerId} is quarantined after failing past its budget; last error: {Error}",
            monitor.Name, monitor.ChargerId, monitor.Snapshot().LastError);
    }
}
