namespace Charger.Actors.Sessions.Import;

/// <summary>
/// One row of the predecessor's <c>sessions</c> table (PREDECESSOR.md 4.3) with its events, as far as it
/// means anything: its power, current, voltage and energy columns are left behind (computed from a cable
/// rating and an ADC count, PREDECESSOR.md 4.2).
/// </summary>
/// <param name="Problem">Why the row cannot be imported (then the other fields may be incomplete), or null.</param>
public sealed record PredecessorSession(
    string SessionId,
    string? UserId,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int StartState,
    int? EndState,
    string Status,
    IReadOnlyList<PredecessorEvent> Events,
    string? Problem = null);
