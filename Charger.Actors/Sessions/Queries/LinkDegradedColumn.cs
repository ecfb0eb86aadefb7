using System.Text.Json;

namespace Charger.Actors.Sessions.Queries;

/// <summary>
/// The link outages of a session row as the database query tables store them: one JSON array column
/// (<c>link_degraded</c>), rewritten by the journal hook when a session event opens or ends an outage.
/// Shared by the SQLite and PostgreSQL tables so both store the same JSON and apply the same rules as
/// <see cref="ChargingSession.Apply"/> (one open outage at most; closing a session ends it).
/// </summary>
public static class LinkDegradedColumn
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<LinkDegradedPeriod> Read(string json) => Parse(json);

    /// <summary>
    /// The column's new value after <paramref name="e"/> given its current value, or null when the event
    /// does not touch outages (then the hook need not read the row at all).
    /// </summary>
    public static Func<string, string>? ChangeFor(ISessionEvent e) => e switch
    {
        SessionLinkDegraded d => json => Change(json, periods =>
            periods is [.., { Until: null }] ? periods : [.. periods, new LinkDegradedPeriod(d.At, null, d.Reason)]),
        SessionLinkRestored u => json => Change(json, periods => EndOpen(periods, u.At)),
        SessionClosed c => json => Change(json, periods => EndOpen(periods, c.At)),
        _ => null,
    };

    private static string Change(string json, Func<List<LinkDegradedPeriod>, List<LinkDegradedPeriod>> change) =>
        JsonSerializer.Serialize(change(Parse(json)), Json);

    private static List<LinkDegradedPeriod> Parse(string json) => JsonSerializer.Deserialize<List<LinkDegradedPeriod>>(json, Json) ?? [];

    private static List<LinkDegradedPeriod> EndOpen(List<LinkDegradedPeriod> periods, DateTimeOffset at)
    {
        if (periods is [.., { Until: null } last]) periods[^1] = last with { Until = at };
        return periods;
    }
}
