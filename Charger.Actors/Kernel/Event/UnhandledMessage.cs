namespace Charger.Actors.Kernel.Event;

/// <summary>A message an actor received but did not handle.</summary>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);
