using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Charger.Actors.Runtime;
using Charger.Actors.Sessions.Journal;

namespace Charger.Actors.Sessions.Projection;

/// <summary>
/// The read side of sessions: follows every session event in journal order (<see cref="SqlReadJournal"/>'s
/// events by <see cref="SessionTagger.Tag"/>, from the stored offset) and applies them to the session tables
/// in batches, each batch with its offset in one transaction (<see cref="ISessionTablesWriter"/>), so after
/// a crash it resumes exactly where the tables are. A failing batch (database locked, disk full, another
/// projection moved the offset) restarts the stream with backoff (Akka.Streams' <see cref="RestartSource"/>,
/// the stream's supervision), which reads the offset again. One per host.
/// </summary>
public sealed class SessionProjectionActor : ReceiveActor, IWithTimers
{
    public const string Name = "session-projection";

    /// <summary>Answered with <see cref="ProjectionStatus"/>.</summary>
    public sealed record GetStatus
    {
        public static readonly GetStatus Instance = new();
    }

    /// <param name="Offset">The journal ordering the tables reflect.</param>
    /// <param name="LastError">Why the last batch failed, until one succeeds again.</param>
    public sealed record ProjectionStatus(long Offset, long EventsApplied, DateTimeOffset? LastAppliedAt, string? LastError, DateTimeOffset? FailingSince);

    /// <summary>A batch is in the tables (told by the stream).</summary>
    private sealed record Applied(long Offset, int Events);

    private sealed record Failed(Exception Cause);

    /// <summary>The start delay is over: open the read journal and follow it.</summary>
    private sealed record Open
    {
        public static readonly Open Instance = new();
    }

    private readonly ISessionTablesWriter _writer;
    private readonly SessionProjectionOptions _options;
    private readonly SessionJournalHealth? _health;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private UniqueKillSwitch? _killSwitch;
    private long _offset;
    private long _applied;
    private DateTimeOffset? _lastAppliedAt;
    private string? _lastError;
    private DateTimeOffset? _failingSince;

    public SessionProjectionActor(ISessionTablesWriter writer, SessionProjectionOptions options, SessionJournalHealth? health)
    {
        _writer = writer;
        _options = options;
        _health = health;
        Receive<Applied>(a =>
        {
            _offset = a.Offset;
            _applied += a.Events;
            _lastAppliedAt = Now;
            if (_lastError is not null) _log.Info("Session projection: writing again (offset {Offset}) after: {Error}", a.Offset, _lastError);
            (_lastError, _failingSince) = (null, null);
            _health?.Succeeded();
        });
        Receive<Failed>(f =>
        {
            // Once when it starts failing, then once a minute (the health's pace), not at every backoff retry.
            if (_health?.Failed("session projection", f.Cause) ?? _lastError is null)
                _log.Warning("Session projection: a batch failed, retrying with backoff; /api/sessions lags until it succeeds: {Error}",
                    f.Cause.GetBaseException().Message);
            _lastError = f.Cause.GetBaseException().Message;
            _failingSince ??= Now;
        });
        Receive<GetStatus>(_ => Sender.Tell(new ProjectionStatus(_offset, _applied, _lastAppliedAt, _lastError, _failingSince)));
        Receive<Open>(_ => OpenAndFollow());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ISessionTablesWriter writer, SessionProjectionOptions? options = null, SessionJournalHealth? health = null) =>
        Akka.Actor.Props.Create(() => new SessionProjectionActor(writer, options ?? new SessionProjectionOptions(), health));

    private DateTimeOffset Now => Context.System.GetTimeProvider().GetUtcNow();

    protected override void PreStart()
    {
        if (_options.StartDelay > TimeSpan.Zero) Timers.StartSingleTimer(nameof(Open), Open.Instance, _options.StartDelay);
        else OpenAndFollow();
    }

    private void OpenAndFollow()
    {
        var self = Self;
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SessionJournal.ReadJournalId);
        var restart = RestartSettings.Create(_options.MinBackoff, _options.MaxBackoff, 0.2);
        _killSwitch = RestartSource.OnFailuresWithBackoff(() => Follow(journal, _writer, _options, e => self.Tell(new Failed(e))), restart)
            .ViaMaterialized(KillSwitches.Single<Applied>(), Keep.Right)
            .To(Sink.ForEach<Applied>(a => self.Tell(a)))
            .Run(Context.Materializer());
    }

    protected override void PostStop() => _killSwitch?.Shutdown();

    /// <summary>From the stored offset, batch after batch, for ever (the live query polls for new events).</summary>
    private static Source<Applied, NotUsed> Follow(SqlReadJournal journal, ISessionTablesWriter writer, SessionProjectionOptions options,
        Action<Exception> failed) =>
        Source.FromTask(writer.ReadOffsetAsync())
            .ConcatMany(start => Apply(journal.EventsByTag(SessionTagger.Tag, Offset.Sequence(start)), start, writer, options, failed));

    /// <summary>Applies everything journaled up to now from the stored offset, then completes: the CLI's import and tests.</summary>
    public static async Task<long> CatchUpAsync(ActorSystem system, ISessionTablesWriter writer, SessionProjectionOptions? options = null)
    {
        options ??= new SessionProjectionOptions();
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SessionJournal.ReadJournalId);
        var start = await writer.ReadOffsetAsync();
        return await Apply(journal.CurrentEventsByTag(SessionTagger.Tag, Offset.Sequence(start)), start, writer, options, _ => { })
            .RunAggregate(0L, (sum, a) => sum + a.Events, system.Materializer());
    }

    private static Source<Applied, NotUsed> Apply(Source<EventEnvelope, NotUsed> envelopes, long start, ISessionTablesWriter writer,
        SessionProjectionOptions options, Action<Exception> failed)
    {
        var offset = start;
        return envelopes
            .GroupedWithin(options.MaxBatch, options.BatchWindow)
            .SelectAsync(1, async batch =>
            {
                var last = ((Sequence)batch.Last().Offset).Value;
                var events = batch.Select(e => e.Event).OfType<ISessionEvent>().ToList();
                try
                {
                    if (!await writer.ApplyAsync(events, offset, last).ConfigureAwait(false))
                        throw new InvalidOperationException($"the stored projection offset is no longer {offset}: another projection moved it; starting again from it");
                }
                catch (Exception e)
                {
                    failed(e);
                    throw;
                }
                offset = last;
                return new Applied(last, events.Count);
            });
    }
}
