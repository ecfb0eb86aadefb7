using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Charger.Actors.Charging;
using Charger.Actors.Metering;
using Charger.Actors.Ocpp.Transactions;
using Charger.Actors.Runtime;
using Charger.Actors.Supervision;

namespace Charger.Actors.Ocpp.ChargePoint;

/// <summary>
/// A charger's OCPP charge point: a consumer of the charger's events (a child of its <see cref="ChargerSupervisor"/>),
/// with two children: the <c>ledger</c> (<see cref="OcppLedgerActor"/>, journaled) and the <c>client</c> (a backoff
/// supervisor of <see cref="OcppClientActor"/>, one per connection). It decides transactions from the charger's states
/// whether or not the central system is reachable: a transaction runs while the firmware is Ready, Charging or Paused
/// (energy offered), its StartTransaction, MeterValues and StopTransaction go to the ledger's outbox, and the connection
/// sends them when it can. After a restart it reconciles the journaled open transaction with the charger's status.
/// Reset stops a transaction in progress (StopTransaction first) before it restarts the charger (soft) or the daemon (hard).
/// </summary>
public sealed class OcppChargePointActor : ReceiveActor, IWithTimers
{
    public const string Name = "ocpp";
    public const string ClientName = "client";

    public ITimerScheduler Timers { get; set; } = null!;

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>The connection is up: replied with the ledger's latest view.</summary>
    public sealed record ClientConnected
    {
        public static readonly ClientConnected Instance = new();
    }

    /// <summary>The next transaction end has this StopTransaction reason (Remote, a reset).</summary>
    public sealed record StopReason(string Reason);

    /// <summary>The central system asked for a Reset (Hard or Soft).</summary>
    public sealed record ResetRequested(string Type);

    private sealed record Tick(string What);

    /// <summary>Asked of the connection: Authorize this idTag; answered with <see cref="AuthorizeAnswer"/>.</summary>
    public sealed record AuthorizeIdTag(long RequestId, string IdTag);

    /// <summary>The central system's Authorize.conf, or null when it could not be asked (offline, CALLERROR, no answer).</summary>
    public sealed record AuthorizeAnswer(long RequestId, Messages.IdTagInfo? Info, string? Error);

    private sealed record AuthorizeTimedOut(long RequestId);

    private sealed record PendingStart(long RequestId, StartCharging Start, string IdTag, IActorRef ReplyTo);

    private readonly string _chargerId;
    private readonly OcppOptions _options;
    private readonly OcppMonitor _monitor;
    private readonly IEnergyRegister _meter;
    private IActorRef _ledger = ActorRefs.Nobody;
    private IActorRef _client = ActorRefs.Nobody;
    private OcppLedgerView? _view;
    private bool _open;
    private bool _reconciled;
    private string? _idTag;
    private string? _stopReason;
    private string? _resetType;
    private readonly Queue<string> _sampling = new(); // the contexts of the samples waiting for the charger's status, in asking order
    private TimeSpan _alignedInterval;
    private PendingStart? _pendingStart;
    private long _nextAuthorizeId;

    public OcppChargePointActor(string chargerId, OcppOptions options, OcppMonitor monitor, IEnergyRegister meter)
    {
        _chargerId = chargerId;
        _options = options;
        _monitor = monitor;
        _meter = meter;

        Receive<ChargerEvent>(OnEvent);
        Receive<OcppLedgerView>(OnView);
        Receive<ClientConnected>(_ =>
        {
            if (_view is not null) Sender.Tell(_view);
        });
        Receive<StateTrackerActor.CurrentStatus>(OnStatus);
        Receive<StopReason>(r => _stopReason = r.Reason);
        Receive<ResetRequested>(OnReset);
        Receive<Tick>(t => OnTick(t.What));
        Receive<CommandResult>(r => Log.Info("OCPP: charger command result {Result}", r));
        Receive<StartCharging>(OnStart);
        // The charge's session keeps the central system's id of its transaction.
        Receive<OcppLedgerActor.TransactionIdKnown>(k => Charger.Tell(new Sessions.SessionActor.OcppTransactionStarted(k.StartedAt, k.StoppedAt, k.TransactionId)));
        Receive<AuthorizeAnswer>(OnAuthorizeAnswer);
        Receive<AuthorizeTimedOut>(t =>
        {
            if (_pendingStart?.RequestId == t.RequestId) DecideOffline(_pendingStart, $"no Authorize.conf within {_options.AuthorizeTimeout.TotalSeconds} s");
        });
    }

    public static Props Props(string chargerId, OcppOptions options, OcppMonitor monitor, IEnergyRegister? meter = null) =>
        Akka.Actor.Props.Create(() => new OcppChargePointActor(chargerId, options, monitor, meter ?? NoEnergyRegister.Instance));

    /// <summary>meterStart/meterStop in Wh: the meter's import register, 0 without a meter (as OCPP allows). A stale reading is
    /// still the register's last value (it only grows), so it is better than 0 while the meter link is briefly down.</summary>
    private int MeterWh() => _meter.Read() is { } reading ? (int)Math.Round(reading.Wh, MidpointRounding.AwayFromZero) : 0;

    /// <summary>The meter's reading for a MeterValues: only a fresh one (a stale power or current would be reported as now).</summary>
    private MeterSample? FreshMeter() => _meter.FreshReading() is { } reading ? MeterSample.From(reading) : null;

    private DateTimeOffset Now => Context.System.GetTimeProvider().GetUtcNow();

    private IActorRef Charger => Context.Parent;

    protected override SupervisorStrategy SupervisorStrategy() =>
        new RecordingOneForOneStrategy(null, null, Akka.Actor.SupervisorStrategy.DefaultDecider);

    protected override void PreStart()
    {
        _ledger = Context.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(
            OcppLedgerActor.Props(_chargerId, Self, _monitor, _options.SnapshotEvery), OcppLedgerActor.Name,
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), randomFactor: 0.2, maxNrOfRetries: -1)), "ledger-supervisor");
        _client = Context.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(
                OcppClientActor.Props(_options, Self, Charger, _ledger, _monitor, _meter), OcppClientActor.Name,
                _options.MinBackoff, _options.MaxBackoff, _options.RandomFactor, maxNrOfRetries: -1)
            .WithManualReset()), ClientName);
    }

    /// <summary>
    /// An API start (HTTP, MQTT) while OCPP runs: the central system must accept the user's idTag first (OCPP 1.6
    /// section 4.1), else nothing goes to the firmware. Online it asks Authorize (or, with LocalPreAuthorize, takes a
    /// cached Accepted at once); offline or without an answer in time it decides from the authorization cache when
    /// LocalAuthorizeOffline allows. A charger made Inoperative by the central system refuses starts. An RFID grant never
    /// comes here: the firmware decides it alone from its own card list and the Pi never sees the card.
    /// </summary>
    private void OnStart(StartCharging start)
    {
        if (_view is not { } view)
        {
            Sender.Tell(new CommandResult.AuthorizationUnavailable(start, "the OCPP charge point is still recovering its journal; try again"));
            return;
        }
        if (!(view.ChargePointOperative && view.ConnectorOperative) && !_open)
        {
            Sender.Tell(new CommandResult.Unavailable(start, "the central system made this charger unavailable (ChangeAvailability Inoperative)"));
            return;
        }
        if (_pendingStart is not null)
        {
            Sender.Tell(new CommandResult.Rejected(start, "another start is being authorized; try again", null));
            return;
        }
        var idTag = IdTagOf(start.UserId);
        var configuration = Configuration;
        if (_monitor.State == OcppConnectionState.Connected && configuration.LocalPreAuthorize && Cached(idTag) is { } cached && cached.AcceptedAt(Now))
        {
            Log.Info("OCPP: idTag {IdTag} pre-authorized from the authorization cache", idTag);
            Allow(start, Sender);
            return;
        }
        _pendingStart = new PendingStart(++_nextAuthorizeId, start, idTag, Sender);
        Timers.StartSingleTimer("authorize", new AuthorizeTimedOut(_pendingStart.RequestId), _options.AuthorizeTimeout);
        // The connection answers at once when it is offline; when it is not running at all the timer decides.
        _client.Tell(new AuthorizeIdTag(_pendingStart.RequestId, idTag));
    }

    private CachedAuthorization? Cached(string idTag) =>
        Configuration.AuthorizationCacheEnabled && _view?.AuthorizationCache.TryGetValue(idTag, out var entry) == true ? entry : null;

    private void OnAuthorizeAnswer(AuthorizeAnswer answer)
    {
        if (_pendingStart is not { } pending || pending.RequestId != answer.RequestId) return;
        if (answer.Info is not { } info)
        {
            DecideOffline(pending, answer.Error ?? "the central system could not be asked");
            return;
        }
        _pendingStart = null;
        Timers.Cancel("authorize");
        if (info.Status == Messages.IdTagInfo.Accepted && (info.ExpiryDate is not { } expiry || expiry > Now))
        {
            Allow(pending.Start, pending.ReplyTo);
            return;
        }
        var status = info.Status == Messages.IdTagInfo.Accepted ? "Expired" : info.Status;
        Log.Warning("OCPP: the central system did not authorize idTag {IdTag}: {Status}", pending.IdTag, status);
        pending.ReplyTo.Tell(new CommandResult.NotAuthorized(pending.Start, status,
            $"the central system did not authorize idTag '{pending.IdTag}': {status}"));
    }

    private void DecideOffline(PendingStart pending, string why)
    {
        _pendingStart = null;
        Timers.Cancel("authorize");
        var configuration = Configuration;
        var cached = Cached(pending.IdTag);
        if (configuration.LocalAuthorizeOffline && cached is not null && cached.AcceptedAt(Now))
        {
            Log.Info("OCPP: idTag {IdTag} authorized offline from the authorization cache ({Why})", pending.IdTag, why);
            Allow(pending.Start, pending.ReplyTo);
            return;
        }
        var reason = !configuration.LocalAuthorizeOffline ? "LocalAuthorizeOffline is false"
            : !configuration.AuthorizationCacheEnabled ? "the authorization cache is disabled"
            : cached is null ? $"idTag '{pending.IdTag}' is not in the authorization cache"
            : $"idTag '{pending.IdTag}' is {(cached.Status == Messages.IdTagInfo.Accepted ? "expired" : cached.Status)} in the authorization cache";
        Log.Warning("OCPP: start of idTag {IdTag} refused: the central system could not be asked ({Why}) and {Reason}", pending.IdTag, why, reason);
        pending.ReplyTo.Tell(new CommandResult.AuthorizationUnavailable(pending.Start,
            $"the central system could not authorize idTag '{pending.IdTag}' ({why}) and {reason}"));
    }

    /// <summary>On to the same command path as without OCPP; the command actor replies to the original asker.</summary>
    private void Allow(StartCharging start, IActorRef replyTo) => Charger.Tell(new ChargerSupervisor.AuthorizedStart(start), replyTo);

    private void OnEvent(ChargerEvent evt)
    {
        if (evt.Type == ChargerEventType.ChargeAuthorized) _idTag = IdTagOf(evt.UserId);
        if (evt.ToState is { } to) OnState(to, evt.Timestamp, evt.Status);
        _client.Forward(evt);
    }

    /// <summary>An idTag is a CiString20: a longer user id is cut; no user (an RFID grant, a leftover authorization) is LOCAL.</summary>
    private static string IdTagOf(string? userId) =>
        string.IsNullOrWhiteSpace(userId) ? "LOCAL" : userId.Length > 20 ? userId[..20] : userId;

    private static bool InTransaction(int state) => state is (int)ChargerState.Ready or (int)ChargerState.Charging or (int)ChargerState.Paused;

    private void OnState(int state, DateTimeOffset at, ChargerStatus? status)
    {
        if (_view is null) return; // not recovered yet: the reconciliation decides from a fresh status
        if (InTransaction(state) && !_open)
        {
            _open = true;
            _ledger.Tell(new OcppLedgerActor.StartTransaction(_idTag ?? "LOCAL", MeterWh(), at));
            _idTag = null;
            StartSampling();
        }
        else if (!InTransaction(state) && _open)
        {
            _open = false;
            var reason = _stopReason ?? state switch
            {
                (int)ChargerState.Stopped => "Local",
                (int)ChargerState.Idle => "EVDisconnected",
                _ => "Other",
            };
            _stopReason = null;
            _ledger.Tell(new OcppLedgerActor.StopTransaction(MeterWh(), reason, at));
            Timers.Cancel("sample");
            if (_resetType is not null) Timers.StartSingleTimer("reset", new Tick("reset"), TimeSpan.FromSeconds(10));
        }
    }

    private OcppConfiguration Configuration => new(_options, _view?.Configuration ?? new Dictionary<string, string>());

    private void StartSampling()
    {
        var interval = Configuration.MeterValueSampleInterval;
        if (interval > TimeSpan.Zero) Timers.StartPeriodicTimer("sample", new Tick("sample"), interval);
    }

    /// <summary>
    /// The next clock-aligned sample at the next multiple of ClockAlignedDataInterval since midnight UTC (OCPP 1.6 section
    /// 9.1.8: an interval that does not divide a day starts again at midnight); none while it is 0.
    /// </summary>
    private void ScheduleAligned()
    {
        _alignedInterval = Configuration.ClockAlignedDataInterval;
        if (_alignedInterval <= TimeSpan.Zero)
        {
            Timers.Cancel("aligned");
            return;
        }
        Timers.StartSingleTimer("aligned", new Tick("aligned"), NextAligned(Now, _alignedInterval) - Now);
    }

    public static DateTimeOffset NextAligned(DateTimeOffset now, TimeSpan interval)
    {
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var next = midnight + interval * (Math.Floor((now - midnight) / interval) + 1);
        return next < midnight.AddDays(1) ? next : midnight.AddDays(1);
    }

    private void OnView(OcppLedgerView view)
    {
        var first = _view is null;
        _view = view;
        _client.Tell(view);
        if (first)
        {
            // After a restart the session actor may have lost a pending id (its session opens when the EV draws): again.
            if (view is { OpenTransactionId: { } openId, OpenStartedAt: { } openedAt })
                Charger.Tell(new Sessions.SessionActor.OcppTransactionStarted(openedAt, null, openId));
            _open = view.OpenTransaction is not null;
            if (_open) StartSampling();
            ScheduleAligned();
            Timers.StartPeriodicTimer("reconcile", new Tick("reconcile"), TimeSpan.FromSeconds(1));
            Charger.Tell(StateTrackerActor.GetStatus.Instance);
        }
        else if (Configuration.ClockAlignedDataInterval != _alignedInterval)
        {
            ScheduleAligned(); // ChangeConfiguration of ClockAlignedDataInterval
        }
        // A reset waits for the StopTransaction to leave the outbox (or for its deadline).
        if (_resetType is not null && !_open && view.Depth == 0) DoReset();
    }

    private void OnStatus(StateTrackerActor.CurrentStatus current)
    {
        if (current.Status is not { } status) return;
        if (!_reconciled)
        {
            _reconciled = true;
            Timers.Cancel("reconcile");
            // After a restart: a transaction journaled open whose charge ended while we were down is stopped now, and a
            // charge that began while we were down is started now.
            OnState(status.StateCode, Now, status);
            return;
        }
        if (!_sampling.TryDequeue(out var context)) return;
        var offered = status.State == ChargerState.Charging ? status.MaxCurrentAmps : 0;
        if (_open)
            // In a transaction both kinds go through the outbox with its transactionId (durable, in order).
            _ledger.Tell(new OcppLedgerActor.SampleTransaction(offered, Now, FreshMeter(), context == SampledValues.Clock ? context : null));
        else if (context == SampledValues.Clock)
            // Outside a transaction clock-aligned values go to connector 1 without a transactionId, only while connected.
            _client.Tell(new OcppClientActor.SendMeterValues(SampledValues.Of(Now, context, offered, FreshMeter(), Configuration.MeterValuesAlignedData)));
    }

    private void OnTick(string what)
    {
        switch (what)
        {
            case "reconcile" when !_reconciled:
                Charger.Tell(StateTrackerActor.GetStatus.Instance);
                break;
            case "sample" when _open && _reconciled:
                _sampling.Enqueue(SampledValues.Periodic);
                Charger.Tell(StateTrackerActor.GetStatus.Instance);
                break;
            case "aligned":
                ScheduleAligned();
                if (!_reconciled) break;
                _sampling.Enqueue(SampledValues.Clock);
                Charger.Tell(StateTrackerActor.GetStatus.Instance);
                break;
            case "reset":
                DoReset();
                break;
        }
    }

    private void OnReset(ResetRequested reset)
    {
        Log.Warning("OCPP: {Type} reset requested by the central system", reset.Type);
        _resetType = reset.Type;
        if (_open)
        {
            // Never end a charge without its StopTransaction: stop it, journal the stop, then reset.
            _stopReason = reset.Type == "Hard" ? "HardReset" : "SoftReset";
            Charger.Tell(new StopCharging());
            Timers.StartSingleTimer("reset", new Tick("reset"), TimeSpan.FromSeconds(15));
            return;
        }
        DoReset();
    }

    private void DoReset()
    {
        if (_resetType is not { } type) return;
        _resetType = null;
        Timers.Cancel("reset");
        if (type == "Hard")
        {
            Log.Warning("OCPP: hard reset: the daemon restarts (systemd starts it again)");
            CoordinatedShutdown.Get(Context.System).Run(OcppHardReset.Instance);
            return;
        }
        Log.Warning("OCPP: soft reset: charger {Charger}'s actors restart", _chargerId);
        Charger.Tell(ChargerSupervisor.Restart.Instance);
    }
}

/// <summary>The coordinated shutdown's reason when a central system asked for a hard reset.</summary>
public sealed class OcppHardReset : CoordinatedShutdown.Reason
{
    public static readonly OcppHardReset Instance = new();

    private OcppHardReset()
    {
    }

    /// <summary>A clean exit: the unit's Restart=always starts the daemon again.</summary>
    public override int ExitCode => 0;
}
