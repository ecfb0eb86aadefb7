namespace Charger.Actors.Sessions.Import;

/// <summary>One event of a predecessor session (a <c>session_events</c> row, or an entry of the <c>events</c> JSON column).</summary>
/// <param name="Sequence">The row's id, the entry's position in the JSON list, or after merging the position in the session's history: an order, not a charger sequence.</param>
public sealed record PredecessorEvent(long Sequence, string Type, DateTimeOffset At, int? FromState, int? ToState);
