namespace Charger.Actors.Sessions.Queries;

/// <summary>One session as the read side keeps it (without its events; see <see cref="ISessionQueries.EventsAsync"/>).</summary>
/// <param name="EventCount">How many events the session has recorded (link periods included).</param>
/// <param name="LinkDegraded">When the link was down during it; the last one has no end while it still is.</param>
public sealed record SessionSummary(
    string SessionId,
    string ChargerId,
    string? UserId,
    SessionStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int StartState,
    int? EndState,
    string? EndReason,
    int EventCount,
    IReadOnlyList<LinkDegradedPeriod> LinkDegraded)
{
    /// <summary>Always null: there is no meter yet, and nothing is derived from CPV or CABLE.</summary>
    public double? EnergyKwh => null;

    public double DurationSeconds(DateTimeOffset now) => ((EndedAt ?? now) - StartedAt).TotalSeconds;
}
