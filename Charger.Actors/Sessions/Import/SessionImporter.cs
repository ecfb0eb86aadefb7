using Akka.Actor;
using Charger.Actors.Charging;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Sqlite;

namespace Charger.Actors.Sessions.Import;

/// <summary>
/// Brings the predecessor's sessions into <c>charger.db</c> as session journal events under their own
/// persistence id, <c>sessions-imported-{chargerId}</c>, through Akka's journal (<see cref="JournalAppenderActor"/>
/// in <paramref name="system"/>, which runs the session journal): the projection puts them in the session tables
/// (the caller catches it up, so <c>/api/sessions</c> lists them at once), and the live session actor's journal
/// (<c>sessions-{chargerId}</c>) and its sequence numbers are never touched. Each session is one append,
/// keeping the predecessor's session id, which makes a second run import nothing. A session's events are
/// those of both its <c>session_events</c> rows and its <c>events</c> JSON column, merged
/// (<see cref="PredecessorEvents.Merge"/>).
/// <para>
/// An ACTIVE row is an open session the predecessor never closed (it left one ACTIVE after a fault until
/// the next start, PREDECESSOR.md 4.2); its charge is long over, so it is imported CANCELLED with that
/// reason rather than as a session our charger would treat as current. Energy stays null.
/// </para>
/// </summary>
public sealed class SessionImporter(ActorSystem system, SqliteDatabase database)
{
    public const string OpenSessionReason = "imported open session: the predecessor never closed it";

    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(60);

    public static string PersistenceIdOf(string chargerId) => $"sessions-imported-{chargerId}";

    public async Task<ImportReport> ImportAsync(string chargerId, IReadOnlyList<PredecessorSession> sessions, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(chargerId);
        var appender = system.ActorOf(JournalAppenderActor.Props(PersistenceIdOf(chargerId)));
        try
        {
            var recovered = await appender.Ask<JournalAppenderActor.Recovered>(JournalAppenderActor.GetRecovered.Instance, WriteTimeout, cancellationToken);
            return await ImportAsync(appender, chargerId, recovered.OpenedSessionIds.ToHashSet(StringComparer.Ordinal), sessions, cancellationToken);
        }
        finally
        {
            appender.Tell(PoisonPill.Instance);
        }
    }

    private async Task<ImportReport> ImportAsync(IActorRef appender, string chargerId, HashSet<string> imported, IReadOnlyList<PredecessorSession> sessions,
        CancellationToken cancellationToken)
    {

        int added = 0, present = 0, events = 0;
        var skipped = new List<(string, string)>();
        var notes = new List<(string, string)>();
        var sources = new EventSources(0, 0, 0);
        foreach (var session in sessions)
        {
            if (session.Problem is not null)
            {
                skipped.Add((session.SessionId, session.Problem));
                continue;
            }
            if (imported.Contains(session.SessionId))
            {
                present++;
                continue;
            }
            if (await ChargerOfAsync(session.SessionId, cancellationToken) is { } owner)
            {
                skipped.Add((session.SessionId, $"a session with this id already exists on charger {owner}"));
                continue;
            }
            // One session, one atomic append: a crash leaves each session wholly imported or not at all.
            await appender.Ask<JournalAppenderActor.Appended>(new JournalAppenderActor.Append([.. EventsOf(chargerId, session)]), WriteTimeout,
                cancellationToken);
            imported.Add(session.SessionId);
            added++;
            events += session.Events.Count;
            sources += session.Sources;
            if (session.Note is not null) notes.Add((session.SessionId, session.Note));
        }
        return new ImportReport(added, present, events, skipped, sources, notes);
    }

    private static IEnumerable<ISessionEvent> EventsOf(string chargerId, PredecessorSession session)
    {
        yield return new SessionOpened(session.SessionId, chargerId, session.UserId, session.StartedAt, session.StartState);
        foreach (var e in session.Events)
        {
            var known = Enum.TryParse<ChargerEventType>(e.Type.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var type)
                        && Enum.IsDefined(type);
            yield return new SessionEventRecorded(session.SessionId, known ? type : ChargerEventType.StateChanged, e.At, e.Sequence, e.FromState, e.ToState,
                known ? null : $"predecessor event {e.Type}");
        }
        var last = session.Events.Count > 0 ? session.Events[^1] : null;
        var endedAt = session.EndedAt ?? Later(last?.At, session.StartedAt);
        var endState = session.EndState ?? last?.ToState;
        yield return session.Status switch
        {
            "COMPLETED" => new SessionClosed(session.SessionId, SessionStatus.Completed, endedAt, endState, "imported from the predecessor (COMPLETED)"),
            "CANCELLED" => new SessionClosed(session.SessionId, SessionStatus.Cancelled, endedAt, endState, "imported from the predecessor (CANCELLED)"),
            "FAULTED" => new SessionClosed(session.SessionId, SessionStatus.Faulted, endedAt, endState, "imported from the predecessor (FAULTED)"),
            _ => new SessionClosed(session.SessionId, SessionStatus.Cancelled, endedAt, endState, OpenSessionReason),
        };
    }

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;

    private Task<string?> ChargerOfAsync(string sessionId, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT charger_id FROM sessions WHERE session_id = $id;";
            command.Parameters.AddWithValue("$id", sessionId);
            return Task.FromResult(command.ExecuteScalar() as string);
        }, cancellationToken);
}
