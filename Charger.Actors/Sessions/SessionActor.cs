using Akka.Event;
using Akka.Actor;
using Akka.Persistence;
using Charger.Actors.Charging;
using Charger.Actors.Metering;
using Charger.Actors.Runtime;

namespace Charger.Actors.Sessions;

/// <summary>
/// One charger's sessions, persisted under <c>sessions-{chargerId}</c>: it consumes the charger's
/// <see cref="ChargerEvent"/>s, lets <see cref="SessionLifecycle.Decide"/> say what they mean and
/// journals that, so the journal is the sessions' history and the open session is rebuilt from it
/// after any restart. It keeps only the open session in memory and snapshots every
/// <see cref="SessionActorOptions.SnapshotEvery"/> events, so recovery replays a bounded tail.
/// <list type="bullet">
/// <item>User: the tracker publishes <see cref="ChargerEventType.ChargeAuthorized"/> with the user of an
/// accepted start request, in order with the states; the session that opens next takes it. It is journaled
/// (<see cref="StartAuthorized"/>), so a restart between the start and the charge keeps it. Reaching Idle
/// (unplugged, or a leftover authorization), or finding the charger unauthorized after a restart, lapses
/// it (<see cref="AuthorizationLapsed"/>), so it never follows the next vehicle.</item>
/// <item>Reconciliation: after every (re)start it asks for the tracker's status (repeatedly, until one
/// is fresh with the link up) and brings itself up to date with it: an open session goes on or ends
/// by <see cref="SessionLifecycle.Reconcile"/>; with none open and the charger charging or paused, one
/// is opened (the charge started while nobody journaled it). This also covers the events that
/// arrived while the actor was down (its backoff supervisor drops them): the fresh status says where
/// they led. The reply says up to which event it reflects (<see cref="StateTrackerActor.CurrentStatus.EventSequence"/>),
/// so a state event already accounted for that arrives after it is not applied twice. Charger events that
/// arrive before it are stashed and handled after it, so none is judged against a stale session.</item>
/// <item>Write-ahead start: the command actor asks it to journal a start request (<see cref="CommandActor.RecordStart"/>)
/// before AUTH is written to the serial port, so no crash between the request and the charge can lose the
/// user. A start the firmware refused lapses again (<see cref="CommandActor.StartRefused"/>).</item>
/// <item>Energy (with a meter): a session opens with the meter's latest fresh import register
/// (<see cref="SessionMeterStarted"/>), or, without one, is marked (<see cref="SessionMeterDown"/>) and starts counting at
/// the next reading; a meter link that goes down during the charge marks it too. Its stop is the first reading taken
/// after the close (<see cref="SessionMeterStopped"/>), however late the meter returns: the register is absolute, so the
/// energy is right even across meter outages and restarts of ours.</item>
/// <item>A journal failure or a rejected write stops it (Akka's persistence semantics: the journal's state is
/// unknown); run it under a backoff supervisor in OnStop mode, which recreates it, and it recovers and
/// reconciles again. The charge is never touched.</item>
/// </list>
/// </summary>
public sealed class SessionActor : ReceivePersistentActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    public const string Name = "sessions";

    /// <summary>Asks for the open session; replied with <see cref="OpenSession"/>.</summary>
    public sealed record GetOpenSession
    {
        public static readonly GetOpenSession Instance = new();
    }

    /// <param name="Session">The open session, or null.</param>
    /// <param name="Reconciled">False until the first fresh status after the (re)start has been applied.</param>
    public sealed record OpenSession(ChargingSession? Session, bool Reconciled);

    /// <summary>
    /// The central system named an OCPP transaction of this charger (StartTransaction.conf): the session of that charge
    /// (one that opened from <paramref name="StartedAt"/>, before <paramref name="StoppedAt"/> when it is over) takes its id,
    /// also when it has closed already; when none has opened yet (the EV has not drawn), the next one that opens does.
    /// </summary>
    public sealed record OcppTransactionStarted(DateTimeOffset StartedAt, DateTimeOffset? StoppedAt, int TransactionId);

    /// <summary>How much earlier than its OCPP transaction a session may seem to open (both stamp the same events; a
    /// reconciliation after a restart stamps its own time).</summary>
    private static readonly TimeSpan OcppMatchSlack = TimeSpan.FromSeconds(5);

    /// <summary>How many closed sessions are remembered for a late StartTransaction.conf.</summary>
    public const int RecentSessionsKept = 20;

    private sealed record ReconcilePoll
    {
        public static readonly ReconcilePoll Instance = new();
    }

    private readonly string _chargerId;
    private readonly SessionActorOptions _options;
    private readonly IActorRef? _statusSource;
    private ChargingSession? _open;
    private string? _pendingUserId;
    private bool _pendingFromThisRun; // accepted since this incarnation started: newer than any status it reconciles with
    private bool _startAcceptedWhileOpen; // a start recorded or accepted while a session was open (before reconciliation): that session had ended
    private bool _reconciled;
    private long _reconciledThrough;
    private int _sinceSnapshot;
    private readonly IEnergyRegister? _meter;
    private AwaitingMeterStop? _awaitingStop;
    private MeterReading? _lastIdleReading;
    private System.Collections.Immutable.ImmutableList<RecentSession> _recent = [];
    private readonly Dictionary<string, int> _ocppIds = [];
    private OcppTransactionStarted? _pendingOcpp;

    /// <summary>Below this total power no charge is drawing (a meter's own noise and an EV's standby are tens of watts).</summary>
    public const double IdlePowerW = 50;

    /// <summary>How far back the last idle reading may be to count as the register when a charge started (the ESP32's STAT
    /// reports the relay closing up to a poll interval late; the meter poll adds its own).</summary>
    public static readonly TimeSpan IdleReadingWindow = TimeSpan.FromSeconds(10);

    /// <param name="statusSource">Where to ask <see cref="StateTrackerActor.GetStatus"/>; null: the parent (the
    /// charger supervisor, directly or through the backoff supervisor, which passes its child's messages up).</param>
    /// <param name="meter">The charger's meter register, or null when it has no meter (energy stays unknown).</param>
    public SessionActor(string chargerId, SessionActorOptions options, IActorRef? statusSource = null, IEnergyRegister? meter = null)
    {
        _meter = meter;
        _chargerId = chargerId;
        _options = options;
        _statusSource = statusSource;

        Recover<SnapshotOffer>(offer =>
        {
            var snapshot = (SessionSnapshot)offer.Snapshot;
            (_open, _pendingUserId, _startAcceptedWhileOpen, _awaitingStop) =
                (snapshot.Open, snapshot.PendingUserId, snapshot.StartAcceptedWhileOpen, snapshot.AwaitingMeterStop);
            _recent = [.. snapshot.Recent ?? []];
            _sinceSnapshot = 0;
        });
        Recover<IAuthorizationEvent>(e =>
        {
            Apply(e);
            _sinceSnapshot++;
        });
        Recover<ISessionEvent>(e =>
        {
            Apply(e);
            _sinceSnapshot++;
        });
        Recover<RecoveryCompleted>(_ =>
        {
            if (_open is not null)
                Log.Info("Charger {Charger}: recovered open session {Session}; reconciling with the first fresh status",
                    _chargerId, _open.SessionId);
            AskForStatus();
            Timers.StartPeriodicTimer(nameof(ReconcilePoll), ReconcilePoll.Instance, _options.ReconcilePollInterval);
        });

        Command<CommandActor.RecordStart>(OnRecordStart);
        Command<CommandActor.StartRefused>(OnStartRefused);
        Command<ChargerEvent>(OnChargerEvent);
        Command<StateTrackerActor.CurrentStatus>(OnStatus);
        Command<ReconcilePoll>(_ => AskForStatus());
        Command<MeterActor.ReadingTaken>(OnMeterReading);
        Command<MeterActor.MeterLinkChanged>(OnMeterLink);
        Command<OcppTransactionStarted>(OnOcppTransaction);
        Command<GetOpenSession>(_ => Sender.Tell(new OpenSession(_open, _reconciled)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => Log.Warning(f.Cause, "Charger {Charger}: saving a session snapshot at #{SequenceNr} failed: {Error}",
            _chargerId, f.Metadata.SequenceNr, f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => Log.Warning(f.Cause, "Charger {Charger}: deleting old session snapshots failed: {Error}",
            _chargerId, f.Cause.Message));
    }

    public override string PersistenceId => PersistenceIdOf(_chargerId);

    public static string PersistenceIdOf(string chargerId) => $"sessions-{chargerId}";

    public static Props Props(string chargerId, SessionActorOptions options, IActorRef? statusSource = null, IEnergyRegister? meter = null)
    {
        options.Validate();
        return Akka.Actor.Props.Create(() => new SessionActor(chargerId, options, statusSource, meter));
    }

    /// <summary>
    /// The journal's state is unknown after a failed write: stop (Akka's rule), and the backoff supervisor recovers
    /// a fresh actor. Reported to <see cref="SessionActorOptions.JournalHealth"/> (readiness shows it) and logged once
    /// a minute while it lasts, not at every retry; the charge is not affected.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        if (_options.JournalHealth?.Failed($"charger {_chargerId}", cause) ?? true)
            Log.Error(cause, "Charger {Charger}: the session journal could not write {Event} (#{SequenceNr}): {Error}. Charging is not affected; " +
                             "the session actor restarts with backoff and journals again when the database can be written",
                _chargerId, @event.GetType().Name, sequenceNr, cause.GetBaseException().Message);
        Context.Stop(Self);
    }

    /// <summary>A rejected write wrote nothing, but the state this actor holds may no longer match what it
    /// meant to journal: stop, like a failed write, and let the backoff supervisor recover a fresh one.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _options.JournalHealth?.Failed($"charger {_chargerId}", cause);
        base.OnPersistRejected(cause, @event, sequenceNr);
        Context.Stop(Self);
    }

    private void Journaled()
    {
        if (_options.JournalHealth?.Succeeded() is { } ended)
            Log.Info("Charger {Charger}: the session journal writes again (failing since {Since}: {Reason})", _chargerId, ended.Since, ended.Reason);
    }

    /// <summary>
    /// The write-ahead of a start: journaled, and only then answered, so the command actor writes AUTH only
    /// once the user is durable. Handled reconciled or not: the user must survive the next crash either way.
    /// </summary>
    private void OnRecordStart(CommandActor.RecordStart record)
    {
        var replyTo = Sender;
        Persist(new StartRequested(record.UserId, record.At), e =>
        {
            Apply(e);
            AfterJournaled();
            _pendingFromThisRun = true;
            replyTo.Tell(new CommandActor.StartRecorded(record.RequestId));
        });
    }

    /// <summary>The firmware refused a start that was journaled ahead: its user must not follow the next vehicle.</summary>
    private void OnStartRefused(CommandActor.StartRefused refused)
    {
        if (_pendingUserId is null) return;
        Record([new AuthorizationLapsed(refused.At, $"the charge controller refused the start: {refused.Reason}")]);
    }

    private void AskForStatus() => (_statusSource ?? Context.Parent).Tell(StateTrackerActor.GetStatus.Instance, Self);

    private void OnChargerEvent(ChargerEvent evt)
    {
        if (evt.Type == ChargerEventType.ChargeAuthorized)
        {
            // Journaled at once, reconciled or not: who started the charge must survive the next crash. A start is
            // accepted only in EV_CONNECTED, so a session still open then ended unseen; before reconciliation
            // that is settled when the status comes (see OnStatus).
            IReadOnlyList<object> closing = _reconciled ? SessionLifecycle.Decide(_open, evt, null, _options.NewSessionId) : [];
            Record([.. closing, new StartAuthorized(evt.UserId, evt.Timestamp)]);
            _pendingFromThisRun = true;
            return;
        }
        // Until the first fresh status has brought the recovered session up to date, an event could be judged
        // against a session that ended while nobody watched (a new charge's 4->5 taken for a resume).
        if (!_reconciled)
        {
            Stash.Stash();
            return;
        }
        // Already reflected by the status this actor reconciled with (it arrived by another path).
        if (evt.ToState is not null && evt.Sequence <= _reconciledThrough) return;

        IReadOnlyList<object> events = SessionLifecycle.Decide(_open, evt, _pendingUserId, _options.NewSessionId);
        if (evt.ToState == (int)ChargerState.Idle && _pendingUserId is not null && !events.OfType<SessionOpened>().Any())
            events = [.. events, new AuthorizationLapsed(evt.Timestamp, "the charger went back to Idle before a charge began")];
        Record(events);
    }

    private void OnStatus(StateTrackerActor.CurrentStatus current)
    {
        if (_reconciled) return;
        if (current is not { Status: { } status, Freshness: StatusFreshness.Fresh, Link.IsUp: true }) return;
        _reconciled = true;
        _reconciledThrough = current.EventSequence;
        Timers.Cancel(nameof(ReconcilePoll));

        IReadOnlyList<object> events;
        if (_open is not null && _startAcceptedWhileOpen)
        {
            // A start was accepted (in EV_CONNECTED) since the restart: the recovered session had ended.
            var authorized = new ChargerEvent(_chargerId, current.EventSequence, ChargerEventType.ChargeAuthorized, status.ReceivedAt, UserId: _pendingUserId);
            events = SessionLifecycle.Decide(_open, authorized, null, _options.NewSessionId);
            if (status.State is ChargerState.Charging or ChargerState.Paused) // and the new charge has begun
                events = [.. events, .. OpenFoundCharging(current)];
        }
        else if (_open is not null)
        {
            events = SessionLifecycle.Reconcile(_open, status, current.EventSequence);
        }
        else if (status.State is ChargerState.Charging or ChargerState.Paused)
        {
            events = OpenFoundCharging(current);
        }
        else if (_pendingUserId is not null && !_pendingFromThisRun && !(status.Authorized == true && status.State is ChargerState.EvConnected or ChargerState.Ready))
        {
            events = [new AuthorizationLapsed(status.ReceivedAt, $"not authorized any more when the runtime came back (state {status.StateCode})")];
        }
        else
        {
            events = [];
        }
        if (events.Count > 0)
            Log.Info("Charger {Charger}: reconciled sessions with state {State}: {Events}",
                _chargerId, status.StateCode, string.Join(", ", events.Select(e => e.GetType().Name)));
        Record(events);
        Stash.UnstashAll(); // handled after the journal write, in their order; those the status reflects are skipped
    }

    /// <summary>A charge began while nothing journaled it (the process or this actor was down): a session opens for it.</summary>
    private IReadOnlyList<ISessionEvent> OpenFoundCharging(StateTrackerActor.CurrentStatus current)
    {
        var status = current.Status!;
        var found = new ChargerEvent(_chargerId, current.EventSequence, ChargerEventType.ChargeStarted, status.ReceivedAt,
            null, status.StateCode, status, "found charging on reconciliation after a restart");
        return SessionLifecycle.Decide(null, found, _pendingUserId, _options.NewSessionId);
    }

    /// <summary>
    /// A complete meter poll: the stop reading of a closed session that waits for one (taken at or after its close), and
    /// the start of an open session that opened without a fresh reading.
    /// </summary>
    private void OnMeterReading(MeterActor.ReadingTaken taken)
    {
        if (_meter is null || taken.Reading is not { EnergyImportWh: { } wh, ReadAt: var readAt }) return;
        if (taken.Reading.PowerW is { } power && Math.Abs(power) < IdlePowerW) _lastIdleReading = taken.Reading;
        var now = readAt;
        List<object> events = [];
        if (_awaitingStop is { } awaiting && readAt >= awaiting.ClosedAt)
            events.Add(new SessionMeterStopped(awaiting.SessionId, now, wh, readAt));
        if (_open is { MeterStartWh: null } open && _reconciled)
            events.Add(new SessionMeterStarted(open.SessionId, now, wh, readAt));
        Record(events);
    }

    /// <summary>The meter link went down during a charge: the session is marked (once), it goes on.</summary>
    private void OnMeterLink(MeterActor.MeterLinkChanged changed)
    {
        if (_meter is null || changed.State.IsUp || _open is not { MeterDownDuringCharge: false } open) return;
        Record([new SessionMeterDown(open.SessionId, changed.State.Since, changed.State.LastError ?? "meter link down")]);
    }

    /// <summary>
    /// With a meter, every session that opens gets its start register right after its <see cref="SessionOpened"/>: the
    /// last reading without power flowing if it is recent (<see cref="IdleReadingWindow"/>), since the charge's energy
    /// began after it (the relay closes before the ESP32's status says so), else the latest fresh reading. Without a
    /// fresh reading the session is marked. Right after its
    /// <see cref="SessionOpened"/>, or is marked when there is none; a closed session still waiting for its stop reading
    /// gets the current one if it was taken after its close, else it stays without a stop (energy unknown).
    /// </summary>
    private IReadOnlyList<object> WithMeter(IReadOnlyList<object> events)
    {
        if (_meter is null || !events.OfType<SessionOpened>().Any()) return events;
        var reading = _meter.Read();
        List<object> withMeter = [];
        foreach (var e in events)
        {
            if (e is SessionOpened opened)
            {
                if (_awaitingStop is { } awaiting && reading is { Fresh: true } late && late.ReadAt >= awaiting.ClosedAt)
                    withMeter.Add(new SessionMeterStopped(awaiting.SessionId, opened.At, late.Wh, late.ReadAt));
                else if (_awaitingStop is { } lost)
                    Log.Warning("Charger {Charger}: session {Session} ended without a meter reading after its stop; its energy stays unknown",
                        _chargerId, lost.SessionId);
                withMeter.Add(e);
                if (reading is not { Fresh: true } fresh)
                    withMeter.Add(new SessionMeterDown(opened.SessionId, opened.At, "no fresh meter reading when the charge started"));
                else if (_lastIdleReading is { EnergyImportWh: { } idleWh } idle && idle.ReadAt >= opened.At - IdleReadingWindow && idle.ReadAt <= fresh.ReadAt)
                    withMeter.Add(new SessionMeterStarted(opened.SessionId, opened.At, idleWh, idle.ReadAt));
                else
                    withMeter.Add(new SessionMeterStarted(opened.SessionId, opened.At, fresh.Wh, fresh.ReadAt));
                continue;
            }
            withMeter.Add(e);
        }
        return withMeter;
    }

    /// <summary>Persists session and authorization events, applying each once it is stored.</summary>
    private void Record(IReadOnlyList<object> events)
    {
        events = WithMeter(events);
        if (events.Count == 0) return;
        PersistAll(events, e =>
        {
            Apply(e);
            AfterJournaled();
        });
    }

    private void AfterJournaled()
    {
        Journaled();
        if (++_sinceSnapshot < _options.SnapshotEvery) return;
        _sinceSnapshot = 0;
        SaveSnapshot(new SessionSnapshot(_open, _pendingUserId, _startAcceptedWhileOpen, _awaitingStop) { Recent = _recent });
    }

    private void Apply(object e)
    {
        switch (e)
        {
            case StartAuthorized authorized:
                _pendingUserId = authorized.UserId;
                if (_open is not null) _startAcceptedWhileOpen = true; // replayed too: a restart must still close it
                break;
            case StartRequested requested:
                // Not yet accepted: until the firmware says so (StartAuthorized) or a fresh status shows the charger
                // authorized or charging, it is only the user a charge that follows would belong to.
                _pendingUserId = requested.UserId;
                // A start is recorded only after a fresh status showed EV_CONNECTED (CommandActor), where no charge runs:
                // a session still open then had ended unseen, even if the close reconciliation found was lost in a crash.
                if (_open is not null) _startAcceptedWhileOpen = true;
                break;
            case AuthorizationLapsed:
                _pendingUserId = null;
                break;
            case ISessionEvent sessionEvent:
                Apply(sessionEvent);
                break;
        }
    }

    private void OnOcppTransaction(OcppTransactionStarted tx)
    {
        bool Matches(DateTimeOffset startedAt) => startedAt >= tx.StartedAt - OcppMatchSlack && (tx.StoppedAt is not { } stopped || startedAt <= stopped);
        var session = _open is { } open && Matches(open.StartedAt) ? open.SessionId
            : _recent.LastOrDefault(r => Matches(r.StartedAt))?.SessionId;
        if (session is null)
        {
            // No session yet: the vehicle has not drawn (a session opens with the charge); the next one takes it.
            if (tx.StoppedAt is null) _pendingOcpp = tx;
            return;
        }
        if (_pendingOcpp?.TransactionId == tx.TransactionId) _pendingOcpp = null;
        var known = _open?.SessionId == session ? _open.OcppTransactionId : _ocppIds.TryGetValue(session, out var id) ? id : (int?)null;
        if (known == tx.TransactionId) return;
        Record([new SessionOcppTransaction(session, Context.System.GetTimeProvider().GetUtcNow(), tx.TransactionId)]);
    }

    private void Apply(ISessionEvent e)
    {
        if (e is SessionOcppTransaction ocpp && _open?.SessionId != ocpp.SessionId)
        {
            _ocppIds[ocpp.SessionId] = ocpp.TransactionId; // a closed session's: the tables take it
            return;
        }
        if (e is SessionMeterStopped stopped && _awaitingStop?.SessionId == stopped.SessionId)
        {
            _awaitingStop = null; // the session is closed: its stop lives in the journal and the tables
            return;
        }
        if (e is SessionOpened opened)
        {
            if (_awaitingStop is not null && _awaitingStop.SessionId != opened.SessionId) _awaitingStop = null; // given up on (WithMeter)
            if (_open is not null)
                Log.Warning("Charger {Charger}: session {New} opened while {Old} was open; the journal is inconsistent",
                    _chargerId, opened.SessionId, _open.SessionId);
            _open = ChargingSession.Open(opened);
            _pendingUserId = null;
            if (_pendingOcpp is { } pending && !IsRecovering)
            {
                _pendingOcpp = null;
                Self.Tell(pending);
            }
            _startAcceptedWhileOpen = false;
            return;
        }
        if (_open is null || _open.SessionId != e.SessionId)
        {
            Log.Warning("Charger {Charger}: {Event} of session {Session}, which is not open; ignored",
                _chargerId, e.GetType().Name, e.SessionId);
            return;
        }
        _open = _open.Apply(e);
        if (!_open.IsOpen)
        {
            // Only sessions counted by a meter wait for a stop reading: a meter configured later must not give old ones one.
            _recent = _recent.Add(new RecentSession(_open.SessionId, _open.StartedAt, _open.EndedAt));
            if (_recent.Count > RecentSessionsKept)
            {
                _ocppIds.Remove(_recent[0].SessionId);
                _recent = _recent.RemoveAt(0);
            }
            if (_open.OcppTransactionId is { } ocppId) _ocppIds[_open.SessionId] = ocppId;
            if (_open is { MeterStartWh: not null } or { MeterDownDuringCharge: true })
                _awaitingStop = new AwaitingMeterStop(_open.SessionId, _open.EndedAt ?? e.At);
            if (!IsRecovering) // replaying history is not news
            {
                Log.Info("Charger {Charger}: session {Session} ended {Status} ({Reason})",
                    _chargerId, _open.SessionId, _open.Status, _open.EndReason);
            }
            _open = null;
            _startAcceptedWhileOpen = false;
        }
    }
}
