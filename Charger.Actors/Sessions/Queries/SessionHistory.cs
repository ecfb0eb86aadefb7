namespace Charger.Actors.Sessions.Queries;

/// <summary>
/// How the read side turns journaled session events into history entries: shared by every query table
/// so they list the same events with the same names.
/// </summary>
public static class SessionHistory
{
    /// <summary>The history entry <paramref name="e"/> adds, or null (opening and closing add none: the session row says them).</summary>
    public static SessionEventView? EntryFor(ISessionEvent e, int position) => e switch
    {
        SessionEventRecorded r => new SessionEventView(position, r.Type.ToString(), r.At, r.FromState, r.ToState, r.Message),
        SessionLinkDegraded d => new SessionEventView(position, SessionEventView.LinkDown, d.At, null, null, d.Reason),
        SessionLinkRestored u => new SessionEventView(position, SessionEventView.LinkUp, u.At, null, null, null),
        _ => null,
    };

    /// <summary>The session events among journal entries, read with <paramref name="serializer"/>; other actors' entries are skipped.</summary>
    public static IEnumerable<ISessionEvent> SessionEvents(IEnumerable<Persistence.JournalEntry> entries, Persistence.PersistenceSerializer serializer) =>
        entries.Where(e => e.PersistenceId.StartsWith("sessions-", StringComparison.Ordinal))
            .Select(e => serializer.Deserialize(e.Manifest, e.SchemaVersion, e.Payload))
            .OfType<ISessionEvent>();
}
