using Akka.Actor;

namespace Charger.Actors.Subscribers;

/// <summary>A subscriber as configured: its name (the actor's name), how to make its sink, and its options.</summary>
public sealed record SubscriberDefinition(string Name, Func<IEventSink> CreateSink, SubscriberOptions Options)
{
    public SubscriberDefinition(string name, Func<IEventSink> createSink) : this(name, createSink, new SubscriberOptions()) { }

    public void Validate()
    {
        if (!ActorPath.IsValidPathElement(Name))
            throw new ArgumentException($"subscribers.{Name}: '{Name}' is not a valid subscriber name: use letters, digits and -_.");
        Options.Validate($"subscribers.{Name}");
    }
}
