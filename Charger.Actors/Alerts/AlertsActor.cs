using Akka.Actor;
using Akka.Event;
using Charger.Actors.Supervision;

namespace Charger.Actors.Alerts;

/// <summary>
/// The host's <c>/user/alerts</c> actor: one <see cref="AlertFamilyActor"/> child per rule family (chargers,
/// subscribers, storage, host), restarted alone when its probe throws. It writes each alert that fires or resolves
/// into the <see cref="AlertBook"/> (active list, history, kept across restarts) and hands it to
/// <c>deliver</c>, which makes it an event for the chargers' subscriber actors (log, webhooks, the live stream,
/// MQTT), so a slow receiver never delays the evaluation or another receiver.
/// </summary>
public sealed class AlertsActor : ReceiveActor
{
    public const string Name = "alerts";

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    private readonly IReadOnlyList<AlertFamily> _families;
    private readonly AlertsOptions _options;
    private readonly AlertBook _book;

    public AlertsActor(IReadOnlyList<AlertFamily> families, AlertsOptions options, AlertBook book, Action<Alert> deliver)
    {
        _families = families;
        _options = options;
        _book = book;
        Receive<AlertFamilyActor.Changed>(c =>
        {
            var alert = c.Alert;
            if (_book.Apply(alert) is { } unsaved) Log.Warning("Alert history: {0}; the alert is delivered and kept in memory", unsaved);
            if (alert.IsActive)
                Log.Warning("Alert {0} fired for {1}{2} ({3}): {4}", alert.Rule, alert.Scope, alert.Subject is null ? "" : "/" + alert.Subject,
                    alert.Severity, alert.Message);
            else
                Log.Info("Alert {0} resolved for {1}{2} after {3}", alert.Rule, alert.Scope, alert.Subject is null ? "" : "/" + alert.Subject,
                    alert.ResolvedAt - alert.FiredAt);
            deliver(alert);
        });
        Receive<AlertFamilyActor.Availability>(a => _book.SetUnavailable(a.Rule, a.Scope, a.Why));
    }

    public static Props Props(IReadOnlyList<AlertFamily> families, AlertsOptions options, AlertBook book, Action<Alert> deliver)
    {
        options.Validate();
        return Akka.Actor.Props.Create(() => new AlertsActor(families, options, book, deliver));
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new RecordingOneForOneStrategy(10, TimeSpan.FromMinutes(1), Akka.Actor.SupervisorStrategy.DefaultDecider);

    protected override void PreStart()
    {
        foreach (var family in _families) Context.ActorOf(AlertFamilyActor.Props(family, _options, _book), family.Name);
    }
}
