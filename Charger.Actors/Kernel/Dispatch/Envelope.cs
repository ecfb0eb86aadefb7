namespace Charger.Actors.Kernel.Dispatch;

/// <summary>A user message and its sender, stored by value in the mailbox so a Tell allocates nothing of its own.</summary>
internal readonly record struct Envelope(object Message, IActorRef? Sender);
