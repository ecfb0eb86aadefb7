using Akka.Actor;

namespace Charger.Actors.Charging;

/// <summary>
/// Who receives a charger's events: an actor that exists already, or a child the charger's
/// supervisor creates and supervises (the subscriber supervisor, later the session actor). Charging
/// does not know those kinds, so they arrive as Props.
/// </summary>
public abstract record ChargerEventConsumer
{
    public static ChargerEventConsumer Of(IActorRef actor) => new Existing(actor);

    /// <param name="recordsStarts">This child journals starts before they are written (the session actor): the command
    /// actor asks it first (<see cref="CommandActor.RecordStart"/>).</param>
    /// <param name="authorizesStarts">This child decides whether a start may go to the firmware at all (the OCPP charge point:
    /// Authorize, availability): <see cref="StartCharging"/> goes to it, and it sends what it allows on as
    /// <see cref="ChargerSupervisor.AuthorizedStart"/>.</param>
    public static ChargerEventConsumer Child(string name, Props props, bool recordsStarts = false, bool authorizesStarts = false) =>
        new ChildConsumer(name, props, recordsStarts, authorizesStarts);

    public sealed record Existing(IActorRef Actor) : ChargerEventConsumer;

    public sealed record ChildConsumer(string Name, Props Props, bool RecordsStarts = false, bool AuthorizesStarts = false) : ChargerEventConsumer;
}
