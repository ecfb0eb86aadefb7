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
    string? Problem = null)
{
    /// <summary>How many of <see cref="Events"/> came from each of the predecessor's two places.</summary>
    public EventSources Sources { get; init; } = new(0, 0, 0);

    /// <summary>Something the operator should know about an imported session (e.g. one of its sources was unreadable), or null.</summary>
    public string? Note { get; init; }
}

/// <summary>
/// Where a session's events were found: <paramref name="Table"/> <c>session_events</c> rows, <paramref name="Json"/>
/// entries of the <c>events</c> JSON column, of which <paramref name="InBoth"/> pairs were the same event (kept once).
/// The session has <c>Table + Json - InBoth</c> events.
/// </summary>
public sealed record EventSources(int Table, int Json, int InBoth)
{
    public int Distinct => Table + Json - InBoth;

    public static EventSources operator +(EventSources a, EventSources b) => new(a.Table + b.Table, a.Json + b.Json, a.InBoth + b.InBoth);
}
