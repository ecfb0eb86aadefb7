namespace Charger.Actors.Persistence;

/// <summary>Sent to the actor when its <c>DeleteMessages</c> is done.</summary>
public sealed record DeleteMessagesSuccess(long ToSequenceNr);

/// <summary>Sent to the actor when its <c>DeleteMessages</c> failed.</summary>
public sealed record DeleteMessagesFailure(long ToSequenceNr, Exception Cause);
