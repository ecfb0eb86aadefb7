using Akka.Actor;
using Charger.Actors.Charging;
using Charger.Actors.Station;

namespace Charger.Actors.Alerts;

/// <summary>
/// Turns an alert into a <see cref="ChargerEvent"/> (<see cref="ChargerEventType.AlertFired"/> or
/// <see cref="ChargerEventType.AlertResolved"/>, numbered in the charger's sequence) and tells it to that charger's
/// subscriber supervisor, which fans it out to its isolated subscriber actors (log, webhooks, live stream, MQTT).
/// Sessions never see alerts. An alert of the station (disk, memory...) goes through the first charger's
/// subscribers only, so a webhook shared by all chargers gets it once.
/// </summary>
public static class AlertDelivery
{
    public static Action<Alert> ToSubscribers(ActorSystem system, ChargerRegistry registry) => alert =>
    {
        var handle = registry.TryGet(alert.Scope, out var charger) ? charger : registry.Default;
        if (handle is null) return;
        var evt = ToEvent(alert, handle.Id, handle.Events);
        system.ActorSelection(handle.Supervisor.Path / ChargersSupervisor.SubscribersName).Tell(evt, ActorRefs.NoSender);
    };

    public static ChargerEvent ToEvent(Alert alert, string chargerId, ChargerEventSequence sequence)
    {
        var type = alert.IsActive ? ChargerEventType.AlertFired : ChargerEventType.AlertResolved;
        var what = alert.IsActive ? "fired" : "resolved";
        return new ChargerEvent(chargerId, sequence.Next(type), type, alert.ResolvedAt ?? alert.FiredAt,
            Message: $"alert {alert.Rule} {what} for {alert.Scope}{(alert.Subject is null ? "" : "/" + alert.Subject)}: {alert.Message}", Alert: alert);
    }
}
