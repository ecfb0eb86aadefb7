using Charger.Actors.Runtime;
using Akka.Event;
using Akka.Actor;
using Charger.Actors.Budget;
using Charger.Actors.Protocol;
using Charger.Actors.Serial;

namespace Charger.Actors.Charging;

/// <summary>
/// Runs a charger's commands one at a time against fresh state, and says exactly what is known
/// about each: <see cref="CommandResult"/>. The rules:
/// <list type="bullet">
/// <item>Start only in EvConnected (3). Stop in any state; it has no ACK and is confirmed by the next
/// status showing Stopped (7) or Idle (1).</item>
/// <item>Max current 6..32 A, only in Idle, CableDetect or EvConnected (1..3). The firmware forces the
/// state machine to Idle on this command whatever the state; in Ready (4) that would leave the relay
/// closed in Idle, and in 5..8 it would end a charge or a fault unseen, so those are refused. From
/// 2 or 3 the firmware walks back to where it was within two loop passes.</item>
/// <item>A status older than <see cref="CommandOptions.FreshWithin"/> is refreshed before deciding.</item>
/// <item>ACKs carry only the command name, so they are matched by name and order; the ACK of a command
/// that timed out is expected late and swallowed, so it can never confirm a later command.</item>
/// <item>While the link is down a command fails at once; a second command while one is in flight is
/// refused. Nothing is queued: a start replayed seconds later would be a safety bug.</item>
/// <item>Write-ahead start: with a start ledger (the charger's session actor), a start is journaled there
/// (<see cref="RecordStart"/>) before AUTH is written, so a crash at any moment cannot lose who started the
/// charge. If the ledger does not confirm within <see cref="CommandOptions.JournalTimeout"/>, the start is
/// not sent (<see cref="CommandResult.NotRecorded"/>); if the firmware then refuses it, the ledger hears so.</item>
/// <item>Site budget (<c>site.max-current-a</c>): with one, a start is admitted by the <see cref="SiteBudgetActor"/> first. It
/// grants the smaller of this charger's requested max current (the last one set by command, else 32 A) and what the
/// site has left, or refuses (<see cref="CommandResult.BudgetRefused"/>). Since the firmware forces IDLE on every
/// max-current command, the grant is written while the charger waits in EvConnected, before AUTH, never during a
/// charge: the start then waits for the charger to walk back to EvConnected with the new limit. This actor tells the
/// budget what it holds whenever that changes: released when the charger leaves the charge (Idle, CableDetect,
/// Stopped, Fault), and a charge nobody granted (an RFID card) is reported at the max current the firmware shows.</item>
/// </list>
/// It needs the link's frames and link changes routed to it, like the state tracker.
/// </summary>
public sealed class CommandActor : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    private enum Phase
    {
        AwaitingStatus,
        AwaitingJournal,
        AwaitingWrite,
        AwaitingAck,
        AwaitingConfirmation,
        AwaitingGrant,
        AwaitingMaxCurrentAck,
        AwaitingReturn,
    }

    private sealed class InFlight(ChargerCommand command, IActorRef replyTo)
    {
        public ChargerCommand Command { get; } = command;
        public IActorRef ReplyTo { get; } = replyTo;
        public Phase Phase { get; set; }
        public Esp32Command? Wire { get; set; }
        public DateTimeOffset RequestedAt { get; set; }
        public long RequestId { get; set; }
        public long GrantId { get; set; }
        public int? GrantedAmps { get; set; }
        public DateTimeOffset MaxCurrentAckedAt { get; set; }
    }

    /// <summary>Asks the start ledger to journal a start before it is written; answered with <see cref="StartRecorded"/>.</summary>
    public sealed record RecordStart(long RequestId, string? UserId, DateTimeOffset At);

    /// <summary>The start <paramref name="RequestId"/> is journaled: AUTH may be written.</summary>
    public sealed record StartRecorded(long RequestId);

    /// <summary>Told to the start ledger when a start it recorded was refused (by the firmware or before it was sent).</summary>
    public sealed record StartRefused(string Reason, DateTimeOffset At);

    /// <summary>Told to the parent when the firmware acknowledged a start: an authorization is now pending.</summary>
    /// <param name="UserId">The user the start request named, if any.</param>
    public sealed record StartAccepted(string? UserId);

    private sealed record Deadline
    {
        public static readonly Deadline Instance = new();
    }

    private sealed record PollStatus
    {
        public static readonly PollStatus Instance = new();
    }

    private readonly IActorRef _link;
    private readonly IActorRef? _startLedger;
    private readonly CommandOptions _options;
    private long _nextRequestId;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _lateAcks = [];
    private ChargerStatus? _status;
    private bool _linkUp;
    private InFlight? _inFlight;
    private readonly SiteBudgetAccess? _budget;
    private readonly string _chargerId;
    private int _requestedMax = SetMaxCurrent.MaxAmps;
    private int? _holding;
    private bool _holdingReported;

    /// <param name="startLedger">Where starts are journaled before they are written (the session actor); null: no write-ahead.</param>
    /// <param name="budget">The site budget that admits starts; null: none (no <c>site.max-current-a</c>).</param>
    /// <param name="chargerId">This charger's id, as the site budget knows it.</param>
    public CommandActor(IActorRef link, CommandOptions options, IActorRef? startLedger = null, SiteBudgetAccess? budget = null, string chargerId = "")
    {
        _link = link;
        _startLedger = startLedger;
        _options = options;
        _budget = budget;
        _chargerId = chargerId;
        Receive<ChargerCommand>(OnCommand);
        Receive<SerialPortActor.FrameReceived>(f => f.Frame is StatFrame, f => OnStatus((StatFrame)f.Frame, f.ReceivedAt));
        Receive<SerialPortActor.FrameReceived>(f => f.Frame is AckFrame, f => OnAck((AckFrame)f.Frame));
        Receive<SerialPortActor.FrameReceived>(_ => { });
        Receive<SerialPortActor.LinkChanged>(c => OnLink(c.State));
        Receive<SerialPortActor.Sent>(OnSent);
        Receive<SerialPortActor.LinkUnavailable>(u => OnLinkUnavailable(u.Reason));
        Receive<StartRecorded>(OnStartRecorded);
        Receive<Deadline>(_ => OnDeadline());
        Receive<PollStatus>(_ =>
        {
            if (_inFlight is { Phase: Phase.AwaitingReturn }) _link.Tell(new SerialPortActor.Send(Esp32Command.ReadStatus), Self);
        });
        Receive<SiteBudgetActor.Granted>(OnGranted);
        Receive<SiteBudgetActor.GrantRefused>(OnGrantRefused);
        Receive<SiteBudgetActor.QueryHolding>(_ =>
        {
            // Only what is known: without a status since the link came up, the first status reports it.
            if (_status is not null || _holding is not null) Sender.Tell(new SiteBudgetActor.Holding(_chargerId, _holding));
        });
    }

    private DateTimeOffset Now => Context.System.GetTimeProvider().GetUtcNow();

    private void OnCommand(ChargerCommand command)
    {
        if (_inFlight is not null)
        {
            Sender.Tell(new CommandResult.Rejected(command, "another command is in flight; try again", _status?.StateCode));
            return;
        }
        if (!_linkUp)
        {
            Sender.Tell(new CommandResult.LinkDown(command, "the serial link to the charge controller is down"));
            return;
        }
        _inFlight = new InFlight(command, Sender);
        if (_status is { } status && Now - status.ReceivedAt <= _options.FreshWithin)
        {
            Decide(status);
            return;
        }
        // Our view is older than a poll: ask the firmware first, decide on its answer.
        _inFlight.Phase = Phase.AwaitingStatus;
        _link.Tell(new SerialPortActor.Send(Esp32Command.ReadStatus), Self);
        Timers.StartSingleTimer(nameof(Deadline), Deadline.Instance, _options.AckTimeout);
    }

    private void Decide(ChargerStatus status)
    {
        var pending = _inFlight!;
        var (wire, refusal) = Check(pending.Command, status);
        if (refusal is not null)
        {
            Finish(new CommandResult.Rejected(pending.Command, refusal, status.StateCode));
            return;
        }
        if (pending.Command is SetMaxCurrent max && _holding is { } held && max.Amps > held)
        {
            Finish(new CommandResult.Rejected(pending.Command,
                $"the site budget granted this charger {held} A for its current charge; {max.Amps} A can be set once it ends", status.StateCode));
            return;
        }
        if (pending.Command is StartCharging && _budget is not null && pending.GrantedAmps is null)
        {
            // Admission first: the grant decides the max current, which must be written before AUTH.
            pending.Wire = wire;
            pending.Phase = Phase.AwaitingGrant;
            pending.GrantId = ++_nextRequestId;
            _budget.Budget.Tell(new SiteBudgetActor.RequestGrant(_chargerId, _requestedMax, pending.GrantId), Self);
            Timers.StartSingleTimer(nameof(Deadline), Deadline.Instance, _budget.Options.GrantTimeout);
            return;
        }
        if (pending.Command is StartCharging && pending.GrantedAmps is { } grant && status.MaxCurrentAmps != grant)
        {
            // Lower (or raise) the limit to the grant while the charger waits in EvConnected; the firmware forces IDLE and
            // walks back to EvConnected, where AUTH is then written.
            pending.Phase = Phase.AwaitingMaxCurrentAck;
            pending.MaxCurrentAckedAt = DateTimeOffset.MaxValue;
            _link.Tell(new SerialPortActor.Send(Esp32Command.SetMaxCurrent(grant)), Self);
            Timers.StartSingleTimer(nameof(Deadline), Deadline.Instance, _options.AckTimeout);
            return;
        }
        pending.Wire = wire;
        if (pending.Command is StartCharging start && _startLedger is not null)
        {
            pending.Phase = Phase.AwaitingJournal;
            pending.RequestId = ++_nextRequestId;
            _startLedger.Tell(new RecordStart(pending.RequestId, start.UserId, Now), Self);
            Timers.StartSingleTimer(nameof(Deadline), Deadline.Instance, _options.JournalTimeout);
            return;
        }
        Write(pending);
    }

    private void OnGranted(SiteBudgetActor.Granted granted)
    {
        if (_inFlight is not { Phase: Phase.AwaitingGrant } pending || pending.GrantId != granted.RequestId)
        {
            // A grant for a start that already gave up (the budget answered late): say what is really held.
            _budget?.Budget.Tell(new SiteBudgetActor.Holding(_chargerId, _holding), Self);
            return;
        }
        pending.GrantedAmps = granted.Amps;
        _holding = granted.Amps;
        Timers.Cancel(nameof(Deadline));
        if (_status is { } status && Now - status.ReceivedAt <= _options.FreshWithin)
        {
            Decide(status);
            return;
        }
        // The grant took a while: decide on a fresh status (the charger may have left EvConnected meanwhile).
        pending.Phase = Phase.AwaitingStatus;
        _link.Tell(new SerialPortActor.Send(Esp32Command.ReadStatus), Self);
        Timers.StartSingleTimer(nameof(Deadline), Deadline.Instance, _options.AckTimeout);
    }

    private void OnGrantRefused(SiteBudgetActor.GrantRefused refused)
    {
        if (_inFlight is not { Phase: Phase.AwaitingGrant } pending || pending.GrantId != refused.RequestId) return;
        Finish(new CommandResult.BudgetRefused(pending.Command, refused.Reason, refused.Budget));
    }

    private void OnStartRecorded(StartRecorded recorded)
    {
        // A late confirmation of a start that already timed out is ignored: that start was never sent.
        if (_inFlight is { Phase: Phase.AwaitingJournal } pending && pending.RequestId == recorded.RequestId) Write(pending);
    }

    private void Write(InFlight pending)
    {
        var wire = pending.Wire!;
        pending.Phase = Phase.AwaitingWrite;
        pending.RequestedAt = Now;
        _link.Tell(new SerialPortActor.Send(wire), Self);
        // One deadline from the write request: the link's Sent reply may come after the ACK or the
        // confirming status (they travel different paths), so nothing below depends on its order.
        Timers.StartSingleTimer(nameof(Deadline), Deadline.Instance, IsStop(wire) ? _options.StopConfirmTimeout : _options.AckTimeout);
    }

    private static bool IsStop(Esp32Command wire) => wire.AckCommand is null;

    /// <summary>The wire command, or why the command is refused in <paramref name="status"/>.</summary>
    private static (Esp32Command? Wire, string? Refusal) Check(ChargerCommand command, ChargerStatus status)
    {
        var state = status.State;
        var where = state is { } s ? $"{s} ({(int)s})" : $"an undefined state ({status.StateCode})";
        switch (command)
        {
            case StartCharging:
                return state == ChargerState.EvConnected
                    ? (Esp32Command.Authorize, null)
                    : (null, $"charging can only be started in EvConnected (3); the charger is in {where}");
            case StopCharging:
                return (Esp32Command.Stop, null);
            case SetMaxCurrent max:
                if (max.Amps is < Esp32Command.MinCurrentAmps or > Esp32Command.MaxCurrentAmps)
                    return (null, $"max current must be {Esp32Command.MinCurrentAmps}..{Esp32Command.MaxCurrentAmps} A, got {max.Amps} A");
                return state is ChargerState.Idle or ChargerState.CableDetect or ChargerState.EvConnected
                    ? (Esp32Command.SetMaxCurrent(max.Amps), null)
                    : (null, $"max current can only be set in Idle, CableDetect or EvConnected (1..3); the charger is in {where}");
            default:
                return (null, $"unknown command {command.GetType().Name}");
        }
    }

    private void OnSent(SerialPortActor.Sent sent)
    {
        if (_inFlight is not { Phase: Phase.AwaitingWrite } pending || !ReferenceEquals(sent.Command, pending.Wire)) return;
        pending.Phase = IsStop(pending.Wire!) ? Phase.AwaitingConfirmation : Phase.AwaitingAck;
    }

    private void OnStatus(StatFrame frame, DateTimeOffset receivedAt)
    {
        if (ChargerStatus.FromFrame(frame, receivedAt) is not { } status) return;
        _status = status;
        TrackHolding(status);
        switch (_inFlight)
        {
            case { Phase: Phase.AwaitingReturn } pending when receivedAt >= pending.MaxCurrentAckedAt:
                if (status.State == ChargerState.EvConnected && status.MaxCurrentAmps == pending.GrantedAmps)
                {
                    Timers.Cancel(nameof(PollStatus));
                    Decide(status);
                }
                else if (status.State is not (ChargerState.Idle or ChargerState.CableDetect or ChargerState.EvConnected))
                {
                    Finish(new CommandResult.Rejected(pending.Command,
                        $"after its max current was set to the site budget's grant of {pending.GrantedAmps} A the charger went to {status.State?.ToString() ?? status.StateCode.ToString()} ({status.StateCode}) instead of back to EvConnected (3); the start was not sent",
                        status.StateCode));
                }
                break;
            case { Phase: Phase.AwaitingStatus }:
                Decide(status);
                break;
            case { Phase: Phase.AwaitingConfirmation or Phase.AwaitingWrite } pending when IsStop(pending.Wire!)
                && receivedAt >= pending.RequestedAt && status.State is ChargerState.Stopped or ChargerState.Idle:
                Finish(new CommandResult.Confirmed(pending.Command, status));
                break;
        }
    }

    private void OnAck(AckFrame ack)
    {
        if (ack.Command is not { } name) return;
        if (_inFlight is { Phase: Phase.AwaitingMaxCurrentAck } lowering && name == Esp32Command.SetMaxCurrent(SetMaxCurrent.MinAmps).AckCommand)
        {
            if (ack.Status != "OK")
            {
                Finish(new CommandResult.Rejected(lowering.Command,
                    $"the charge controller answered the site budget's max current of {lowering.GrantedAmps} A with {ack.Status}; the start was not sent", _status?.StateCode));
                return;
            }
            // The firmware is in IDLE now: wait for it to come back to EvConnected with the new limit, asking every 250 ms.
            lowering.Phase = Phase.AwaitingReturn;
            lowering.MaxCurrentAckedAt = Now;
            _link.Tell(new SerialPortActor.Send(Esp32Command.ReadStatus), Self);
            Timers.StartPeriodicTimer(nameof(PollStatus), PollStatus.Instance, TimeSpan.FromMilliseconds(250));
            Timers.StartSingleTimer(nameof(Deadline), Deadline.Instance, _budget!.Options.ReturnTimeout);
            return;
        }
        if (TakeLateAck(name))
        {
            Log.Info("Late {Ack} ACK ignored: it answers a command that had already timed out", name);
            return;
        }
        if (_inFlight is not { Phase: Phase.AwaitingAck or Phase.AwaitingWrite } pending || pending.Wire?.AckCommand != name) return;
        Finish(ack.Status == "OK"
            ? new CommandResult.Accepted(pending.Command)
            : new CommandResult.Rejected(pending.Command, $"the charge controller answered {name} with {ack.Status}", _status?.StateCode));
    }

    private void OnLink(LinkState link)
    {
        _linkUp = link.IsUp;
        // What the firmware said before an outage says nothing about it after (it may have rebooted):
        // the first command after a reconnect asks for a status first, however short the outage.
        if (!link.IsUp) _status = null;
        if (link.IsUp || _inFlight is null) return;
        // Written or not? Before the write nothing ran; after it, we cannot know.
        Finish(_inFlight.Phase is Phase.AwaitingStatus or Phase.AwaitingJournal or Phase.AwaitingGrant or Phase.AwaitingMaxCurrentAck or Phase.AwaitingReturn
            ? new CommandResult.LinkDown(_inFlight.Command, "the serial link went down before the command was sent")
            : new CommandResult.TimedOut(_inFlight.Command, "the serial link went down after the command was sent; unknown whether it ran"));
    }

    private void OnLinkUnavailable(string reason)
    {
        if (_inFlight is { Phase: Phase.AwaitingStatus or Phase.AwaitingWrite or Phase.AwaitingMaxCurrentAck or Phase.AwaitingReturn } pending)
            Finish(new CommandResult.LinkDown(pending.Command, reason));
    }

    private void OnDeadline()
    {
        if (_inFlight is not { } pending) return;
        switch (pending.Phase)
        {
            case Phase.AwaitingGrant:
                Finish(new CommandResult.BudgetRefused(pending.Command,
                    $"the site budget did not answer within {_budget!.Options.GrantTimeout.TotalSeconds:0.#} s (its node may be moving); the start was not sent", null));
                // It may still grant: whatever it counts for us, this says the truth.
                _budget.Budget.Tell(new SiteBudgetActor.Holding(_chargerId, _holding), Self);
                break;
            case Phase.AwaitingMaxCurrentAck:
                Finish(new CommandResult.Rejected(pending.Command,
                    $"no ACK within {_options.AckTimeout.TotalMilliseconds} ms for the site budget's max current of {pending.GrantedAmps} A; the start was not sent", _status?.StateCode));
                break;
            case Phase.AwaitingReturn:
                Finish(new CommandResult.Rejected(pending.Command,
                    $"the charger did not come back to EvConnected (3) within {_budget!.Options.ReturnTimeout.TotalSeconds:0.#} s after its max current was set to the site budget's grant of {pending.GrantedAmps} A; the start was not sent",
                    _status?.StateCode));
                break;
            case Phase.AwaitingJournal:
                Finish(new CommandResult.NotRecorded(pending.Command,
                    $"the session journal did not record the start within {_options.JournalTimeout.TotalMilliseconds} ms; the start was not sent"));
                break;
            case Phase.AwaitingStatus:
                Finish(new CommandResult.Rejected(pending.Command,
                    $"no status from the charge controller within {_options.AckTimeout.TotalMilliseconds} ms; the command was not sent", _status?.StateCode));
                break;
            case Phase.AwaitingConfirmation or Phase.AwaitingWrite when IsStop(pending.Wire!):
                Finish(new CommandResult.TimedOut(pending.Command,
                    $"no status showing the stop within {_options.StopConfirmTimeout.TotalSeconds} s; unknown whether it ran"));
                break;
            default:
                if (pending.Wire?.AckCommand is { } name) ExpectLateAck(name);
                Finish(new CommandResult.TimedOut(pending.Command,
                    $"no ACK within {_options.AckTimeout.TotalMilliseconds} ms; unknown whether it ran"));
                break;
        }
    }

    private void Finish(CommandResult result)
    {
        var pending = _inFlight!;
        _inFlight = null;
        Timers.Cancel(nameof(Deadline));
        Timers.Cancel(nameof(PollStatus));
        pending.ReplyTo.Tell(result, Self);
        // A grant for a start that certainly did not run goes back at once; after a timeout the start may have run,
        // so the grant stays until the status shows the charger out of the charge.
        if (pending.GrantedAmps is not null && result is CommandResult.Rejected or CommandResult.LinkDown or CommandResult.NotRecorded)
            SetHolding(null);
        if (result is CommandResult.Accepted { Command: SetMaxCurrent max }) _requestedMax = max.Amps;
        // The charger's event stream says who authorized the charge that may follow, in order with the
        // states (the session actor takes its user from it); the parent routes it to the tracker.
        if (result is CommandResult.Accepted { Command: StartCharging start })
            Context.Parent.Tell(new StartAccepted(start.UserId), Self);
        // Asked to be journaled but certainly not running (refused, link down, or never sent because the journal was
        // late: a late record would otherwise leave a user waiting for a start that never happened): the ledger drops
        // the user. It arrives after the RecordStart (same sender, same receiver). A timeout after the write leaves
        // it: the start may have run.
        else if (pending.Command is StartCharging && pending.RequestId != 0
                 && result is CommandResult.Rejected or CommandResult.LinkDown or CommandResult.NotRecorded)
            _startLedger?.Tell(new StartRefused(ReasonOf(result), Now), Self);
    }

    /// <summary>Keeps what the site budget counts for this charger in step with its state.</summary>
    private void TrackHolding(ChargerStatus status)
    {
        if (_budget is null) return;
        // Mid-admission the charger walks 3→1→2→3 on purpose: that is no end of a charge.
        if (_inFlight is { Phase: Phase.AwaitingGrant or Phase.AwaitingMaxCurrentAck or Phase.AwaitingReturn or Phase.AwaitingJournal or Phase.AwaitingWrite or Phase.AwaitingAck }
            && _inFlight.Command is StartCharging)
            return;
        var inCharge = status.State is ChargerState.Ready or ChargerState.Charging or ChargerState.Paused
                       || (status.State == ChargerState.EvConnected && status.Authorized == true);
        var outOfCharge = status.State is ChargerState.Idle or ChargerState.CableDetect or ChargerState.Stopped or ChargerState.FaultHard or ChargerState.HardfaultEnd;
        if (_holding is not null && outOfCharge) SetHolding(null);
        else if (_holding is null && inCharge) SetHolding(status.MaxCurrentAmps ?? SetMaxCurrent.MaxAmps); // started without a grant (RFID), or before we started
        else if (!_holdingReported) SetHolding(_holding);
    }

    private void SetHolding(int? amps)
    {
        _holding = amps;
        _holdingReported = true;
        _budget?.Budget.Tell(new SiteBudgetActor.Holding(_chargerId, amps), Self);
    }

    private static string ReasonOf(CommandResult result) => result switch
    {
        CommandResult.Rejected r => r.Reason,
        CommandResult.LinkDown l => l.Reason,
        CommandResult.NotRecorded n => n.Reason,
        CommandResult.BudgetRefused b => b.Reason,
        _ => result.GetType().Name,
    };

    private void ExpectLateAck(string name)
    {
        if (!_lateAcks.TryGetValue(name, out var due)) _lateAcks[name] = due = new Queue<DateTimeOffset>();
        due.Enqueue(Now + _options.LateAckWindow);
    }

    private bool TakeLateAck(string name)
    {
        if (!_lateAcks.TryGetValue(name, out var due)) return false;
        while (due.Count > 0 && due.Peek() < Now) due.Dequeue(); // never came: the command was lost
        return due.TryDequeue(out _);
    }
}
