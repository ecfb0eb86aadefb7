using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Charger.Actors.Charging;
using Charger.Actors.Metering;
using Charger.Actors.Ocpp.Framing;
using Charger.Actors.Ocpp.Messages;
using Charger.Actors.Ocpp.Transactions;
using Charger.Actors.Runtime;

namespace Charger.Actors.Ocpp.ChargePoint;

/// <summary>
/// One WebSocket connection of a charge point to its central system, for as long as it lasts: it connects when it
/// starts and stops itself when the connection ends or cannot be made, and its backoff supervisor starts the next one
/// (1 s to 5 min with jitter; reset once a connection is up and booted). On a connection it sends a BootNotification
/// unless one was accepted before in this process (a Pending or Rejected boot is repeated after its interval), then
/// the current status of every connector, Heartbeats, StatusNotifications on every change, and the ledger's outbox, one
/// message at a time. One CALL is outstanding at a time; CALLs from the central system are answered as they come.
/// </summary>
public sealed class OcppClientActor : ReceiveActor, IWithTimers
{
    public const string Name = "connection";

    public ITimerScheduler Timers { get; set; } = null!;

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    private sealed record Connected(OcppSocket Socket);

    private sealed record ConnectFailed(string Reason);

    private sealed record Received(string Text);

    private sealed record Disconnected(string Reason);

    private sealed record CallTimedOut(string MessageId);

    private sealed record Tick(string What);

    private sealed record Answer(OcppFrame Frame);

    /// <summary>A MeterValues outside any transaction (clock-aligned): sent when online, never queued for later.</summary>
    public sealed record SendMeterValues(MeterValue Value);

    private enum Purpose
    {
        Boot,
        Live,
        Outbox,
        Authorize,
    }

    private sealed record Outstanding(string MessageId, string Action, Purpose Purpose, OutboxEntry? Entry, OcppChargePointActor.AuthorizeIdTag? Authorize = null);

    private readonly OcppOptions _options;
    private readonly IActorRef _chargePoint;
    private readonly IActorRef _charger;
    private readonly IActorRef _ledger;
    private readonly OcppMonitor _monitor;
    private readonly IEnergyRegister _meter;
    private readonly CancellationTokenSource _stop = new();
    private readonly Queue<(string Action, JsonObject Payload, OcppChargePointActor.AuthorizeIdTag? Authorize)> _live = new();
    private readonly Dictionary<int, ConnectorStatus> _sent = [];
    private OcppSocket? _socket;
    private Outstanding? _outstanding;
    private bool _online;
    private OcppLedgerView? _view;
    private ChargerStatus? _status;
    private bool _linkUp = true;
    private long _handled;
    private (long Sequence, int Attempts)? _failed;
    private DateTimeOffset _retryNotBefore;

    public OcppClientActor(OcppOptions options, IActorRef chargePoint, IActorRef charger, IActorRef ledger, OcppMonitor monitor, IEnergyRegister meter)
    {
        _meter = meter;
        _options = options;
        _chargePoint = chargePoint;
        _charger = charger;
        _ledger = ledger;
        _monitor = monitor;

        Receive<Connected>(OnConnected);
        Receive<ConnectFailed>(f =>
        {
            Log.Warning("OCPP: cannot connect to {Url}: {Reason}", _options.ConnectionUrl, f.Reason);
            _monitor.Disconnected(f.Reason);
            Context.Stop(Self);
        });
        Receive<Disconnected>(d =>
        {
            Log.Warning("OCPP: connection to {Url} ended: {Reason}", _options.ConnectionUrl, d.Reason);
            _monitor.Disconnected(d.Reason);
            Context.Stop(Self);
        });
        Receive<Received>(r => OnReceived(r.Text));
        Receive<Answer>(a => Send(a.Frame));
        Receive<CallTimedOut>(OnCallTimedOut);
        Receive<Tick>(t => OnTick(t.What));
        Receive<OcppLedgerView>(v =>
        {
            _view = v;
            foreach (var key in _changing.Keys.Where(k => v.Configuration.TryGetValue(k, out var value) && value == _changing[k]).ToList()) _changing.Remove(key);
            Refresh();
            Pump();
        });
        Receive<StateTrackerActor.CurrentStatus>(s =>
        {
            _status = s.Status ?? _status;
            _linkUp = s.Link?.IsUp ?? _linkUp;
            // The tracker publishes no event for its first status: ask until there is one.
            if (_status is null) Timers.StartSingleTimer("status", new Tick("status"), TimeSpan.FromMilliseconds(500));
            Refresh();
        });
        Receive<ChargerEvent>(OnEvent);
        Receive<SendMeterValues>(m =>
        {
            if (_online) Enqueue(MeterValuesRequest.Action, OcppJson.ToPayload(new MeterValuesRequest(1, [m.Value])));
        });
        Receive<CommandResult>(r => Log.Info("OCPP: charger command result {Result}", r));
        Receive<OcppChargePointActor.AuthorizeIdTag>(a =>
        {
            if (!_online)
            {
                Sender.Tell(new OcppChargePointActor.AuthorizeAnswer(a.RequestId, null, "not connected to the central system"));
                return;
            }
            _live.Enqueue((AuthorizeRequest.Action, OcppJson.ToPayload(new AuthorizeRequest(a.IdTag)), a));
            Pump();
        });
    }

    public static Props Props(OcppOptions options, IActorRef chargePoint, IActorRef charger, IActorRef ledger, OcppMonitor monitor, IEnergyRegister? meter = null) =>
        Akka.Actor.Props.Create(() => new OcppClientActor(options, chargePoint, charger, ledger, monitor, meter ?? NoEnergyRegister.Instance));

    private DateTimeOffset Now => Context.System.GetTimeProvider().GetUtcNow();

    /// <summary>Keys changed by ChangeConfiguration whose journaling has not come back in a view yet: a GetConfiguration right
    /// after the change already reads them.</summary>
    private readonly Dictionary<string, string> _changing = new(StringComparer.OrdinalIgnoreCase);

    private OcppConfiguration Configuration
    {
        get
        {
            var journaled = _view?.Configuration ?? new Dictionary<string, string>();
            if (_changing.Count == 0) return new(_options, journaled);
            var merged = new Dictionary<string, string>(journaled, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in _changing) merged[key] = value;
            return new(_options, merged);
        }
    }

    protected override void PreStart()
    {
        _monitor.Connecting();
        var self = Self;
        var options = _options;
        var ping = Configuration.WebSocketPingInterval;
        var token = _stop.Token;
        _ = Task.Run(async () =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(options.ConnectTimeout);
            try
            {
                var socket = await OcppSocket.ConnectAsync(options.ConnectionUrl, options.ChargePointId, options.AuthorizationKey, ping, timeout.Token);
                self.Tell(new Connected(socket));
            }
            catch (Exception e)
            {
                self.Tell(new ConnectFailed(e is OperationCanceledException ? $"no connection within {options.ConnectTimeout.TotalSeconds} s" : e.Message));
            }
        }, CancellationToken.None);
    }

    protected override void PostStop()
    {
        // A start waiting for Authorize.conf is decided now (offline), not at its timeout.
        var unanswered = _live.Select(l => l.Authorize).Append(_outstanding?.Authorize).OfType<OcppChargePointActor.AuthorizeIdTag>();
        foreach (var authorize in unanswered)
            _chargePoint.Tell(new OcppChargePointActor.AuthorizeAnswer(authorize.RequestId, null, "the connection to the central system ended"));
        _stop.Cancel();
        _socket?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(1));
        _stop.Dispose();
        if (_monitor.State != OcppConnectionState.Disconnected) _monitor.Disconnected(null);
    }

    private void OnConnected(Connected connected)
    {
        if (_stop.IsCancellationRequested)
        {
            _ = connected.Socket.DisposeAsync();
            return;
        }
        _socket = connected.Socket;
        _monitor.Connected(Now);
        Log.Info("OCPP: connected to {Url} as {ChargePoint}", _options.ConnectionUrl, _options.ChargePointId);
        var self = Self;
        var socket = _socket;
        var token = _stop.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                while (await socket.ReceiveAsync(token) is { } text) self.Tell(new Received(text));
                self.Tell(new Disconnected("the central system closed the connection"));
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                self.Tell(new Disconnected(e.Message));
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
        }, CancellationToken.None);
        _chargePoint.Tell(OcppChargePointActor.ClientConnected.Instance, Self);
        _charger.Tell(StateTrackerActor.GetStatus.Instance, Self);
        if (_monitor.BootAccepted) GoOnline();
        else Boot();
    }

    private void Boot()
    {
        var request = new BootNotificationRequest(_options.Vendor, _options.Model, FirmwareVersion: _options.FirmwareVersion);
        Call(BootNotificationRequest.Action, OcppJson.ToPayload(request), Purpose.Boot);
    }

    private void GoOnline()
    {
        _online = true;
        // The reconnect storm ends here: the next drop starts its backoff from the minimum again.
        Context.Parent.Tell(BackoffSupervisor.Reset.Instance);
        StartHeartbeat();
        _sent.Clear(); // after a (re)connect every connector's current status goes out, none queued from before
        Refresh();
        Pump();
    }

    private void StartHeartbeat()
    {
        var interval = Configuration.HeartbeatInterval;
        if (interval <= TimeSpan.Zero || interval > TimeSpan.FromDays(1)) interval = TimeSpan.FromDays(1);
        Timers.StartPeriodicTimer("heartbeat", new Tick("heartbeat"), interval);
    }

    private void OnTick(string what)
    {
        switch (what)
        {
            case "heartbeat":
                if (_online) Enqueue(HeartbeatRequest.Action, new JsonObject());
                break;
            case "boot":
                if (!_online && _outstanding?.Purpose != Purpose.Boot) Boot();
                break;
            case "retry":
                Pump();
                break;
            case "status":
                _charger.Tell(StateTrackerActor.GetStatus.Instance, Self);
                break;
        }
    }

    private void OnEvent(ChargerEvent evt)
    {
        if (evt.Status is { } status) _status = status;
        if (evt.Link is { } link) _linkUp = link.IsUp;
        else if (evt.Type == ChargerEventType.LinkUp) _linkUp = true;
        if (evt.Type == ChargerEventType.LinkDown) _linkUp = false;
        if (evt.Status is null && evt.ToState is { } to && _status is { } last && last.StateCode != to) _status = last with { StateCode = to };
        Refresh();
    }

    /// <summary>Queues a StatusNotification for each connector whose status changed; only while online (never queued offline).</summary>
    private void Refresh(bool force = false, int? onlyConnector = null)
    {
        if (!_online || _view is null) return;
        var wanted = new Dictionary<int, ConnectorStatus?>
        {
            [0] = ConnectorStatus.ForChargePoint(_view.ChargePointOperative),
            [1] = ConnectorStatus.ForConnector(_status, _linkUp, _view.ChargePointOperative && _view.ConnectorOperative),
        };
        foreach (var (connector, status) in wanted)
        {
            if (status is null || onlyConnector is { } only && only != connector) continue;
            if (!force && _sent.TryGetValue(connector, out var sent) && sent == status) continue;
            _sent[connector] = status;
            Enqueue(StatusNotificationRequest.Action, OcppJson.ToPayload(
                new StatusNotificationRequest(connector, status.ErrorCode, status.Status, Now, status.Info)));
        }
    }

    private void Enqueue(string action, JsonObject payload)
    {
        _live.Enqueue((action, payload, null));
        Pump();
    }

    /// <summary>Sends the next CALL when none is outstanding: live messages first, then the outbox's head.</summary>
    private void Pump()
    {
        if (_socket is null || _outstanding is not null) return;
        if (_live.TryDequeue(out var next))
        {
            Call(next.Action, next.Payload, next.Authorize is null ? Purpose.Live : Purpose.Authorize, authorize: next.Authorize);
            return;
        }
        if (!_online || _view?.Head is not { } head || head.Sequence <= _handled) return;
        if (_failed is { } failed && failed.Sequence == head.Sequence && head.Attempts < failed.Attempts) return; // the failure is not journaled yet
        if (Now < _retryNotBefore)
        {
            Timers.StartSingleTimer("retry", new Tick("retry"), _retryNotBefore - Now);
            return;
        }
        if (head.Action != "StartTransaction" && _view.HeadTransactionId is null)
        {
            // Cannot happen: a transaction's StartTransaction is ahead of its other messages and answered first.
            Log.Error("OCPP: {Action} of transaction {Transaction} has no transaction id; it is held back", head.Action, head.Transaction);
            return;
        }
        Call(head.Action, PayloadOf(head, _view.HeadTransactionId), Purpose.Outbox, head);
    }

    private JsonObject PayloadOf(OutboxEntry entry, int? transactionId) => entry.Action switch
    {
        "StartTransaction" => OcppJson.ToPayload(new StartTransactionRequest(1, entry.IdTag ?? "", entry.MeterWattHours, entry.At)),
        "StopTransaction" => OcppJson.ToPayload(new StopTransactionRequest(transactionId!.Value, entry.MeterWattHours, entry.At, Reason: entry.Reason,
            TransactionData: SampledValues.TransactionData(entry.Begin, entry.MeterWattHours, entry.At))),
        "MeterValues" => OcppJson.ToPayload(new MeterValuesRequest(1, [SampledValues.Of(entry.At, entry.Context ?? SampledValues.Periodic,
            entry.CurrentOfferedAmps, entry.Meter, entry.Context == SampledValues.Clock ? Configuration.MeterValuesAlignedData : Configuration.MeterValuesSampledData)],
            transactionId)),
        _ => throw new InvalidOperationException($"unknown outbox action {entry.Action}"),
    };

    private void Call(string action, JsonObject payload, Purpose purpose, OutboxEntry? entry = null, OcppChargePointActor.AuthorizeIdTag? authorize = null)
    {
        var call = new OcppCall(OcppFrame.NewMessageId(), action, payload);
        _outstanding = new Outstanding(call.MessageId, action, purpose, entry, authorize);
        Timers.StartSingleTimer("call", new CallTimedOut(call.MessageId), _options.CallTimeout);
        Send(call);
    }

    private void Send(OcppFrame frame)
    {
        if (_socket is not { } socket) return;
        var self = Self;
        var text = frame.ToText();
        socket.SendAsync(text, _stop.Token).ContinueWith(t =>
        {
            if (t.IsFaulted) self.Tell(new Disconnected($"sending failed: {t.Exception?.GetBaseException().Message}"));
        }, TaskScheduler.Default);
    }

    private void OnReceived(string text)
    {
        OcppFrame frame;
        try
        {
            frame = OcppFrameParser.Parse(text);
        }
        catch (OcppFrameException e)
        {
            Log.Warning("OCPP: malformed message from the central system ({Error}): {Text}", e.Message, text.Length > 200 ? text[..200] : text);
            if (e.IsCall && e.MessageId is { } id) Send(new OcppCallError(id, e.ErrorCode, e.Message));
            return;
        }
        switch (frame)
        {
            case OcppCall call:
                OnCall(call);
                break;
            case OcppCallResult result when result.MessageId == _outstanding?.MessageId:
                Complete(result.Payload, null);
                break;
            case OcppCallError error when error.MessageId == _outstanding?.MessageId:
                Complete(null, error);
                break;
            default:
                Log.Info("OCPP: an answer to no outstanding CALL ({MessageId}) is ignored", frame.MessageId);
                break;
        }
    }

    private void OnCallTimedOut(CallTimedOut timeout)
    {
        if (_outstanding?.MessageId != timeout.MessageId) return;
        Complete(null, new OcppCallError(timeout.MessageId, "Timeout", $"no answer within {_options.CallTimeout.TotalSeconds} s"));
    }

    private void Complete(JsonObject? result, OcppCallError? error)
    {
        var done = _outstanding!;
        _outstanding = null;
        Timers.Cancel("call");
        _monitor.Call(done.Action, error is null ? "accepted" : error.ErrorCode == "Timeout" ? "timeout" : error.ErrorCode);
        switch (done.Purpose)
        {
            case Purpose.Boot:
                OnBootAnswer(result, error);
                break;
            case Purpose.Outbox:
                OnOutboxAnswer(done.Entry!, result, error);
                break;
            case Purpose.Authorize:
                OnAuthorizeAnswer(done.Authorize!, result, error);
                break;
            default:
                if (error is not null) Log.Warning("OCPP: {Action} failed: {Code} {Description}", done.Action, error.ErrorCode, error.ErrorDescription);
                break;
        }
        Pump();
    }

    private void OnBootAnswer(JsonObject? result, OcppCallError? error)
    {
        BootNotificationResponse? boot = null;
        try
        {
            if (result is not null) boot = OcppJson.FromPayload<BootNotificationResponse>(result);
        }
        catch (JsonException e)
        {
            Log.Warning("OCPP: malformed BootNotification.conf: {Error}", e.Message);
        }
        if (boot is null)
        {
            if (error is not null) Log.Warning("OCPP: BootNotification failed: {Code} {Description}", error.ErrorCode, error.ErrorDescription);
            Timers.StartSingleTimer("boot", new Tick("boot"), _options.BootRetryInterval);
            return;
        }
        _monitor.Booted(new OcppMonitor.BootResult(boot.Status, boot.Interval, Now));
        Log.Info("OCPP: BootNotification {Status}, interval {Interval} s", boot.Status, boot.Interval);
        if (boot.Status == "Accepted")
        {
            if (boot.Interval > 0 && !(_view?.Configuration.ContainsKey("HeartbeatInterval") ?? false))
                _ledger.Tell(new OcppLedgerActor.SetConfiguration("HeartbeatInterval", boot.Interval.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            GoOnline();
            if (boot.Interval > 0) Timers.StartPeriodicTimer("heartbeat", new Tick("heartbeat"), TimeSpan.FromSeconds(Math.Min(boot.Interval, 86400)));
            return;
        }
        // Pending or Rejected: ask again after the interval; until then nothing else is sent.
        Timers.StartSingleTimer("boot", new Tick("boot"), boot.Interval > 0 ? TimeSpan.FromSeconds(boot.Interval) : _options.BootRetryInterval);
    }

    private void OnAuthorizeAnswer(OcppChargePointActor.AuthorizeIdTag request, JsonObject? result, OcppCallError? error)
    {
        IdTagInfo? info = null;
        var problem = error is null ? null : $"Authorize failed: {error.ErrorCode} {error.ErrorDescription}";
        try
        {
            if (result is not null) info = OcppJson.FromPayload<AuthorizeResponse>(result).IdTagInfo;
        }
        catch (JsonException e)
        {
            problem = $"malformed Authorize.conf: {e.Message}";
        }
        if (problem is not null) Log.Warning("OCPP: {Problem}", problem);
        if (info is not null) Cache(request.IdTag, info);
        _chargePoint.Tell(new OcppChargePointActor.AuthorizeAnswer(request.RequestId, info, problem));
    }

    /// <summary>The authorization cache learns every idTagInfo the central system gives (OCPP 1.6 section 3.5.1).</summary>
    private void Cache(string idTag, IdTagInfo info)
    {
        if (Configuration.AuthorizationCacheEnabled) _ledger.Tell(new OcppLedgerActor.CacheAuthorization(idTag, info.Status, info.ExpiryDate, Now));
    }

    private void OnOutboxAnswer(OutboxEntry entry, JsonObject? result, OcppCallError? error)
    {
        if (result is not null)
        {
            int? transactionId = null;
            if (entry.Action == "StartTransaction")
            {
                try
                {
                    var conf = OcppJson.FromPayload<StartTransactionResponse>(result);
                    transactionId = conf.TransactionId;
                    if (entry.IdTag is { } idTag) Cache(idTag, conf.IdTagInfo);
                    if (conf.IdTagInfo.Status != IdTagInfo.Accepted)
                        Log.Warning("OCPP: the central system answered StartTransaction with idTag status {Status}", conf.IdTagInfo.Status);
                }
                catch (JsonException e)
                {
                    Fail(entry, $"malformed StartTransaction.conf: {e.Message}");
                    return;
                }
            }
            _handled = entry.Sequence;
            _failed = null;
            _ledger.Tell(new OcppLedgerActor.Delivered(entry.Sequence, transactionId));
            return;
        }
        Fail(entry, $"{error!.ErrorCode}: {error.ErrorDescription}");
    }

    private void Fail(OutboxEntry entry, string reason)
    {
        var configuration = Configuration;
        var attempts = entry.Attempts + 1;
        Log.Warning("OCPP: {Action} of transaction {Transaction} failed (attempt {Attempt} of {Attempts}): {Reason}", entry.Action, entry.Transaction,
            attempts, configuration.TransactionMessageAttempts, reason);
        _failed = (entry.Sequence, attempts);
        // OCPP 1.6 section 4.10: the wait grows with the attempts (interval x attempts so far).
        _retryNotBefore = Now + configuration.TransactionMessageRetryInterval * attempts;
        _ledger.Tell(new OcppLedgerActor.Failed(entry.Sequence, reason, configuration.TransactionMessageAttempts));
    }

    private void OnCall(OcppCall call)
    {
        try
        {
            switch (call.Action)
            {
                case RemoteStartTransactionRequest.Action:
                    RemoteStart(call, OcppJson.FromPayload<RemoteStartTransactionRequest>(call.Payload));
                    return;
                case RemoteStopTransactionRequest.Action:
                    RemoteStop(call, OcppJson.FromPayload<RemoteStopTransactionRequest>(call.Payload));
                    return;
                case ChangeAvailabilityRequest.Action:
                    ChangeAvailability(call, OcppJson.FromPayload<ChangeAvailabilityRequest>(call.Payload));
                    return;
                case GetConfigurationRequest.Action:
                    GetConfiguration(call, OcppJson.FromPayload<GetConfigurationRequest>(call.Payload));
                    return;
                case ChangeConfigurationRequest.Action:
                    ChangeConfiguration(call, OcppJson.FromPayload<ChangeConfigurationRequest>(call.Payload));
                    return;
                case ResetRequest.Action:
                    Reset(call, OcppJson.FromPayload<ResetRequest>(call.Payload));
                    return;
                case UnlockConnectorRequest.Action:
                    OcppJson.FromPayload<UnlockConnectorRequest>(call.Payload);
                    // The cable lock belongs to the firmware's state machine; unlocking from here is not offered.
                    Reply(call, new StatusResponse("NotSupported"));
                    return;
                case ClearCacheRequest.Action:
                    OcppJson.FromPayload<ClearCacheRequest>(call.Payload);
                    _ledger.Tell(new OcppLedgerActor.ClearAuthorizationCache(Now));
                    Reply(call, StatusResponse.Accepted);
                    return;
                case DataTransferRequest.Action:
                    OcppJson.FromPayload<DataTransferRequest>(call.Payload);
                    Reply(call, new DataTransferResponse("UnknownVendorId"));
                    return;
                case TriggerMessageRequest.Action:
                    Trigger(call, OcppJson.FromPayload<TriggerMessageRequest>(call.Payload));
                    return;
                case "CancelReservation" or "ReserveNow" or "GetDiagnostics" or "UpdateFirmware" or "GetLocalListVersion" or "SendLocalList"
                    or "SetChargingProfile" or "ClearChargingProfile" or "GetCompositeSchedule":
                    Send(new OcppCallError(call.MessageId, OcppErrorCode.NotSupported, $"{call.Action} is an OCPP 1.6 action this charge point does not support"));
                    return;
                default:
                    Send(new OcppCallError(call.MessageId, OcppErrorCode.NotImplemented, $"unknown action {call.Action}"));
                    return;
            }
        }
        catch (JsonException e)
        {
            var code = e.Message.Contains("missing required", StringComparison.OrdinalIgnoreCase)
                ? OcppErrorCode.OccurenceConstraintViolation
                : e.Message.Contains("could not be mapped", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("could not be converted", StringComparison.OrdinalIgnoreCase)
                    ? OcppErrorCode.TypeConstraintViolation
                    : OcppErrorCode.FormationViolation;
            Send(new OcppCallError(call.MessageId, code, $"{call.Action}: {e.Message}"));
        }
    }

    private void Reply<T>(OcppCall call, T response) => Send(new OcppCallResult(call.MessageId, OcppJson.ToPayload(response)));

    private void Violation(OcppCall call, string description) =>
        Send(new OcppCallError(call.MessageId, OcppErrorCode.PropertyConstraintViolation, description));

    /// <summary>Through the same command path as the HTTP API: the charger's command actor checks the state, asks the firmware, journals the start.</summary>
    private void RemoteStart(OcppCall call, RemoteStartTransactionRequest request)
    {
        if (request.IdTag.Length > IdTagInfo.MaxIdTagLength)
        {
            Violation(call, $"idTag is longer than {IdTagInfo.MaxIdTagLength} characters");
            return;
        }
        if (request.ConnectorId is { } connector && connector != 1)
        {
            Reply(call, StatusResponse.Rejected);
            return;
        }
        if (_view is not { ChargePointOperative: true, ConnectorOperative: true, OpenTransaction: null })
        {
            Reply(call, StatusResponse.Rejected);
            return;
        }
        var self = Self;
        var timeout = TimeSpan.FromSeconds(15);
        // Authorized by the central system itself (AuthorizeRemoteTxRequests is false): no Authorize, past the start gate.
        _charger.Ask<CommandResult>(new ChargerSupervisor.AuthorizedStart(new StartCharging(request.IdTag)), timeout).ContinueWith(t =>
        {
            var accepted = t.IsCompletedSuccessfully && t.Result is CommandResult.Accepted;
            self.Tell(new Answer(new OcppCallResult(call.MessageId, OcppJson.ToPayload(accepted ? StatusResponse.Accepted : StatusResponse.Rejected))));
        }, TaskScheduler.Default);
    }

    private void RemoteStop(OcppCall call, RemoteStopTransactionRequest request)
    {
        if (_view?.OpenTransactionId != request.TransactionId)
        {
            Reply(call, StatusResponse.Rejected);
            return;
        }
        _chargePoint.Tell(new OcppChargePointActor.StopReason("Remote"));
        _charger.Tell(new StopCharging(), Self);
        Reply(call, StatusResponse.Accepted);
    }

    private void ChangeAvailability(OcppCall call, ChangeAvailabilityRequest request)
    {
        if (request.Type is not ("Operative" or "Inoperative"))
        {
            Violation(call, "type must be Operative or Inoperative");
            return;
        }
        if (request.ConnectorId is not (0 or 1))
        {
            Reply(call, StatusResponse.Rejected);
            return;
        }
        var operative = request.Type == "Operative";
        _ledger.Tell(new OcppLedgerActor.SetAvailability(request.ConnectorId, operative));
        // A transaction in progress runs to its end; the change takes effect after it (OCPP 1.6 section 5.2). The charger's
        // state counts too: a charge that began a moment ago may not have its StartTransaction in the ledger's view yet.
        var charging = _view?.OpenTransaction is not null || ConnectorStatus.InTransaction(_status);
        Reply(call, !operative && charging ? new StatusResponse("Scheduled") : StatusResponse.Accepted);
    }

    private void GetConfiguration(OcppCall call, GetConfigurationRequest request)
    {
        var configuration = Configuration;
        var known = new List<KeyValue>();
        var unknown = new List<string>();
        if (request.Key is null or { Count: 0 })
            known.AddRange(configuration.All.Select(k => new KeyValue(k.Key, k.Readonly, k.Value)));
        else
            foreach (var name in request.Key)
                if (configuration.TryGet(name, out var entry)) known.Add(new KeyValue(entry.Key, entry.Readonly, entry.Value));
                else unknown.Add(name);
        Reply(call, new GetConfigurationResponse(known, unknown.Count > 0 ? unknown : null));
    }

    private void ChangeConfiguration(OcppCall call, ChangeConfigurationRequest request)
    {
        var status = OcppConfiguration.Check(request.Key, request.Value, out var key);
        if (status == "Accepted")
        {
            _ledger.Tell(new OcppLedgerActor.SetConfiguration(key, request.Value));
            _changing[key] = request.Value;
            if (key == "HeartbeatInterval" && _online)
            {
                var seconds = int.Parse(request.Value, System.Globalization.CultureInfo.InvariantCulture);
                var interval = seconds <= 0 ? TimeSpan.FromDays(1) : TimeSpan.FromSeconds(Math.Min(seconds, 86400));
                Timers.StartPeriodicTimer("heartbeat", new Tick("heartbeat"), interval);
            }
        }
        Reply(call, new StatusResponse(status));
    }

    private void Reset(OcppCall call, ResetRequest request)
    {
        if (request.Type is not ("Hard" or "Soft"))
        {
            Violation(call, "type must be Hard or Soft");
            return;
        }
        Reply(call, StatusResponse.Accepted);
        _chargePoint.Tell(new OcppChargePointActor.ResetRequested(request.Type));
    }

    private void Trigger(OcppCall call, TriggerMessageRequest request)
    {
        if (request.ConnectorId is { } c && c is not (0 or 1))
        {
            Reply(call, StatusResponse.Rejected);
            return;
        }
        switch (request.RequestedMessage)
        {
            case "BootNotification":
                Reply(call, StatusResponse.Accepted);
                _live.Enqueue((BootNotificationRequest.Action, OcppJson.ToPayload(new BootNotificationRequest(_options.Vendor, _options.Model,
                    FirmwareVersion: _options.FirmwareVersion)), null));
                Pump();
                return;
            case "Heartbeat":
                Reply(call, StatusResponse.Accepted);
                Enqueue(HeartbeatRequest.Action, new JsonObject());
                return;
            case "StatusNotification":
                Reply(call, StatusResponse.Accepted);
                Refresh(force: true, onlyConnector: request.ConnectorId);
                return;
            case "MeterValues":
                Reply(call, StatusResponse.Accepted);
                var offered = _status?.State is ChargerState.Charging ? _status.MaxCurrentAmps : 0;
                var meter = _meter.FreshReading() is { } reading ? MeterSample.From(reading) : null;
                Enqueue(MeterValuesRequest.Action, OcppJson.ToPayload(new MeterValuesRequest(1,
                    [SampledValues.Of(Now, "Trigger", offered, meter, Configuration.MeterValuesSampledData)], _view?.OpenTransactionId)));
                return;
            case "DiagnosticsStatusNotification" or "FirmwareStatusNotification":
                Reply(call, new StatusResponse("NotImplemented"));
                return;
            default:
                Violation(call, $"requestedMessage '{request.RequestedMessage}' is not a MessageTrigger");
                return;
        }
    }
}
