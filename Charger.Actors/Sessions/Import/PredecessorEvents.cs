namespace Charger.Actors.Sessions.Import;

/// <summary>
/// One session's history out of the predecessor's two disagreeing records of it: its <c>session_events</c>
/// rows (some events, time in whole Unix seconds) and its <c>events</c> JSON column (others, time to the
/// microsecond). Every event in either place is kept once, ordered by time.
/// </summary>
public static class PredecessorEvents
{
    /// <summary>A row's time is whole seconds (PREDECESSOR.md 4.3): a JSON entry less than this far from it is the same instant.</summary>
    public static readonly TimeSpan Precision = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A row and a JSON entry with the same event type less than <see cref="Precision"/> apart are one event
    /// (each matched at most once, to the nearest); it keeps the JSON entry's finer time and the row's
    /// states where the row has them. The result is ordered by time (ties in the order found) and numbered
    /// 1..n in that order.
    /// </summary>
    public static (IReadOnlyList<PredecessorEvent> Events, EventSources Sources) Merge(IReadOnlyList<PredecessorEvent> rows, IReadOnlyList<PredecessorEvent> json)
    {
        var taken = new bool[json.Count];
        var merged = new List<PredecessorEvent>(rows.Count + json.Count);
        var inBoth = 0;
        foreach (var row in rows)
        {
            var match = -1;
            for (var i = 0; i < json.Count; i++)
            {
                if (taken[i] || !string.Equals(json[i].Type, row.Type, StringComparison.OrdinalIgnoreCase)) continue;
                var distance = (json[i].At - row.At).Duration();
                if (distance < Precision && (match < 0 || distance < (json[match].At - row.At).Duration())) match = i;
            }
            if (match < 0)
            {
                merged.Add(row);
                continue;
            }
            taken[match] = true;
            inBoth++;
            var entry = json[match];
            merged.Add(entry with { FromState = row.FromState ?? entry.FromState, ToState = row.ToState ?? entry.ToState });
        }
        merged.AddRange(json.Where((_, i) => !taken[i]));
        var ordered = merged.Select((e, found) => (e, found)).OrderBy(x => x.e.At).ThenBy(x => x.found)
            .Select((x, position) => x.e with { Sequence = position + 1 }).ToList();
        return (ordered, new EventSources(rows.Count, json.Count, inBoth));
    }
}
