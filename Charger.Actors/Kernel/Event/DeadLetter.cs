namespace Charger.Actors.Kernel.Event;

/// <summary>A message that could not be delivered (its recipient had stopped, or there was none).</summary>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);
