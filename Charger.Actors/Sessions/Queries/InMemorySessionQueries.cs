using Charger.Actors.Persistence;

namespace Charger.Actors.Sessions.Queries;

/// <summary>
/// The session query table in memory, for tests and <c>persistence.provider = memory</c>. Fed by
/// <see cref="Journal"/>, which wraps the journal so every successful session append is applied here
/// right after it is written (one process, one lock: no reader sees half an append).
/// </summary>
public sealed class InMemorySessionQueries : ISessionQueries
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Row> _byId = new(StringComparer.Ordinal);
    private readonly PersistenceSerializer _serializer;

    public InMemorySessionQueries(PersistenceSerializer serializer) => _serializer = serializer;

    /// <summary>The journal to persist sessions with: <paramref name="inner"/>, and this table updated after each append.</summary>
    public IJournal Journal(IJournal inner) => new ProjectingJournal(inner, this);

    /// <summary>Applies session events (as the journal wrapper does after a write).</summary>
    public void Apply(IEnumerable<ISessionEvent> events)
    {
        lock (_lock)
        {
            foreach (var e in events)
            {
                if (e is SessionOpened opened)
                {
                    _byId[opened.SessionId] = new Row(ChargingSession.Open(opened));
                    continue;
                }
                if (!_byId.TryGetValue(e.SessionId, out var row)) continue; // deleted by retention
                row.Session = row.Session.Apply(e);
                if (SessionHistory.EntryFor(e, row.Events.Count + 1) is { } entry) row.Events.Add(entry);
            }
        }
    }

    public Task<SessionPage> ListAsync(SessionFilter filter, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var matching = _byId.Values
                .Where(r => string.Equals(r.Session.ChargerId, filter.ChargerId, StringComparison.OrdinalIgnoreCase))
                .Where(r => filter.Status is null || r.Session.Status == filter.Status)
                .Where(r => filter.UserId is null || r.Session.UserId == filter.UserId)
                .OrderByDescending(r => r.Session.StartedAt).ThenByDescending(r => r.Session.SessionId, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(new SessionPage([.. matching.Skip(filter.Offset).Take(filter.Limit).Select(r => r.Summary())], matching.Count));
        }
    }

    public Task<SessionSummary?> CurrentAsync(string chargerId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(_byId.Values
                .Where(r => r.Session.IsOpen && string.Equals(r.Session.ChargerId, chargerId, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(r => r.Session.StartedAt)
                .Select(r => r.Summary())
                .FirstOrDefault());
    }

    public Task<SessionSummary?> GetAsync(string chargerId, string sessionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(Find(chargerId, sessionId)?.Summary());
    }

    public Task<IReadOnlyList<SessionEventView>?> EventsAsync(string chargerId, string sessionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<SessionEventView>?>(Find(chargerId, sessionId)?.Events.ToArray());
    }

    public Task<SessionStats> StatsAsync(string chargerId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var of = _byId.Values.Where(r => string.Equals(r.Session.ChargerId, chargerId, StringComparison.OrdinalIgnoreCase)).ToList();
            long Count(SessionStatus s) => of.Count(r => r.Session.Status == s);
            return Task.FromResult(new SessionStats(of.Count, Count(SessionStatus.Active), Count(SessionStatus.Completed),
                Count(SessionStatus.Cancelled), Count(SessionStatus.Faulted)));
        }
    }

    public Task<int> DeleteEndedBeforeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var old = _byId.Values.Where(r => r.Session.EndedAt < endedBefore).Select(r => r.Session.SessionId).ToList();
            foreach (var id in old) _byId.Remove(id);
            return Task.FromResult(old.Count);
        }
    }

    private Row? Find(string chargerId, string sessionId) =>
        _byId.TryGetValue(sessionId, out var row) && string.Equals(row.Session.ChargerId, chargerId, StringComparison.OrdinalIgnoreCase) ? row : null;

    private sealed class Row(ChargingSession session)
    {
        public ChargingSession Session { get; set; } = session;

        public List<SessionEventView> Events { get; } = [];

        public SessionSummary Summary() => new(Session.SessionId, Session.ChargerId, Session.UserId, Session.Status, Session.StartedAt,
            Session.EndedAt, Session.StartState, Session.EndState, Session.EndReason, Events.Count, Session.LinkDegraded);
    }

    private sealed class ProjectingJournal(IJournal inner, InMemorySessionQueries queries) : IJournal
    {
        public async Task WriteAsync(IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(entries, cancellationToken).ConfigureAwait(false);
            queries.Apply(SessionHistory.SessionEvents(entries, queries._serializer));
        }

        public IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max = long.MaxValue,
            CancellationToken cancellationToken = default) => inner.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken);

        public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default) =>
            inner.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

        public Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
            inner.DeleteToAsync(persistenceId, toSequenceNr, cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken = default) =>
            inner.ReadAllAsync(afterOrdering, max, cancellationToken);
    }
}
