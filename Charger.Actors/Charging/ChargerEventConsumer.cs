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
    public static ChargerEventConsumer Child(string name, Props props, bool recordsStarts = false) => new ChildConsumer(name, props, recordsStarts);

    public sealed record Existing(IActorRef Actor) : ChargerEventConsumer;

    public sealed record ChildConsumer(string Name, Props Props, bool RecordsStarts = false) : ChargerEventConsumer;
}
