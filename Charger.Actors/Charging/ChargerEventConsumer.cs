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

    public static ChargerEventConsumer Child(string name, Props props) => new ChildConsumer(name, props);

    public sealed record Existing(IActorRef Actor) : ChargerEventConsumer;

    public sealed record ChildConsumer(string Name, Props Props) : ChargerEventConsumer;
}
