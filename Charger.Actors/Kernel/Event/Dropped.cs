namespace Charger.Actors.Kernel.Event;

/// <summary>A message a bounded mailbox dropped to make room (Akka.NET's <c>Dropped</c>).</summary>
public sealed record Dropped(object Message, string Reason, IActorRef? Sender, IActorRef Recipient);
