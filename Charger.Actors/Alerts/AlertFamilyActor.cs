using Akka.Actor;
using Charger.Actors.Runtime;

namespace Charger.Actors.Alerts;

/// <summary>
/// Evaluates one <see cref="AlertFamily"/> on Akka's scheduler (virtual in the tests) every
/// <see cref="AlertsOptions.EvaluateEvery"/>, keeps an <see cref="AlertHysteresis"/> per alert key and tells its
/// parent each alert that fires or resolves, and each rule that turns (un)available. Alerts already active in the
/// book when it starts are its starting state, so a restart neither fires them again nor forgets them.
/// </summary>
public sealed class AlertFamilyActor : ReceiveActor, IWithTimers
{
    /// <summary>Sent to the parent: an alert fired or resolved.</summary>
    public sealed record Changed(Alert Alert);

    /// <summary>Sent to the parent: a rule can or cannot observe here (<see cref="Why"/> null: it can again).</summary>
    public sealed record Availability(string Rule, string Scope, string? Why);

    private sealed record Evaluate
    {
        public static readonly Evaluate Instance = new();
    }

    private readonly AlertFamily _family;
    private readonly AlertsOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<AlertKey, AlertHysteresis> _states = [];
    private readonly Dictionary<(string, string), string> _unavailable = [];

    public ITimerScheduler Timers { get; set; } = null!;

    public AlertFamilyActor(AlertFamily family, AlertsOptions options, AlertBook book)
    {
        _family = family;
        _options = options;
        _time = Context.System.GetTimeProvider();
        // Read again on every restart of this actor: the book is the truth about what is active.
        foreach (var alert in book.Active.Where(a => family.Rules.Contains(a.Rule)))
            _states[alert.Key] = new AlertHysteresis(options.Rule(alert.Rule), alert);
        Receive<Evaluate>(_ => Run());
    }

    public static Props Props(AlertFamily family, AlertsOptions options, AlertBook book) =>
        Akka.Actor.Props.Create(() => new AlertFamilyActor(family, options, book));

    protected override void PreStart()
    {
        Run();
        Timers.StartPeriodicTimer("evaluate", Evaluate.Instance, _options.EvaluateEvery);
    }

    private void Run()
    {
        var now = _time.GetUtcNow();
        var seen = new HashSet<AlertKey>();
        var observed = new HashSet<(string, string)>();
        foreach (var condition in _family.Probe(now))
        {
            var rule = _options.Rule(condition.Rule);
            if (!rule.Enabled) continue;
            ReportAvailability(condition);
            seen.Add(condition.Key);
            observed.Add((condition.Rule, condition.Scope));
            if (!_states.TryGetValue(condition.Key, out var state)) _states[condition.Key] = state = new AlertHysteresis(rule);
            if (state.Observe(condition, now) is { } changed) Context.Parent.Tell(new Changed(changed));
        }
        // A subject that is gone (a charger removed from the config) is clear from now on.
        foreach (var (key, state) in _states.Where(s => !seen.Contains(s.Key)).ToList())
        {
            if (state.Observe(AlertCondition.Clear(key.Rule, key.Scope, subject: key.Subject), now) is { } changed)
                Context.Parent.Tell(new Changed(changed));
            if (state.Firing is null) _states.Remove(key);
        }
        // An unavailability nobody reports any more (ocpp-down once a charger has OCPP) is over.
        foreach (var (rule, scope) in _unavailable.Keys.Where(id => !observed.Contains(id)).ToList())
        {
            _unavailable.Remove((rule, scope));
            Context.Parent.Tell(new Availability(rule, scope, null));
        }
    }

    private void ReportAvailability(AlertCondition condition)
    {
        var id = (condition.Rule, condition.Scope);
        var why = condition.State == AlertConditionState.Unavailable ? condition.Detail : null;
        var known = _unavailable.GetValueOrDefault(id);
        if (why == known) return;
        if (why is null) _unavailable.Remove(id);
        else _unavailable[id] = why;
        Context.Parent.Tell(new Availability(condition.Rule, condition.Scope, why));
    }
}
