namespace Charger.Actors.Sessions.Queries;

/// <summary>
/// The read side of sessions: a query table the session actors' journal writes keep up to date (in the
/// same transaction for SQLite and PostgreSQL), so a read never replays a journal and never asks an actor.
/// Every query is scoped to one charger.
/// </summary>
public interface ISessionQueries
{
    /// <summary>A page of sessions, newest start first, and how many match in all.</summary>
    Task<SessionPage> ListAsync(SessionFilter filter, CancellationToken cancellationToken = default);

    /// <summary>The charger's open session, or null.</summary>
    Task<SessionSummary?> CurrentAsync(string chargerId, CancellationToken cancellationToken = default);

    /// <summary>The session with that id at that charger, or null.</summary>
    Task<SessionSummary?> GetAsync(string chargerId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>The session's events in order, or null when there is no such session.</summary>
    Task<IReadOnlyList<SessionEventView>?> EventsAsync(string chargerId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>How many sessions the charger has, by status.</summary>
    Task<SessionStats> StatsAsync(string chargerId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the sessions of every charger (with their events) that ended before <paramref name="endedBefore"/>; open sessions are kept. Returns how many.</summary>
    Task<int> DeleteEndedBeforeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken = default);
}
