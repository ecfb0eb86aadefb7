using Charger.Actors.Runtime;
using Akka.Event;
using Akka.Actor;
using Charger.Actors.Protocol;
using Charger.Actors.Serial;

namespace Charger.Actors.Charging;

/// <summary>
/// Keeps a charger's latest status and link state and turns what the link reports into
/// <see cref="ChargerEvent"/>s for each of <paramref name="consumers"/>: state transitions (named by
/// <see cref="TransitionClassifier"/>), link up/down, a stale status, the firmware's INFO/WARN/ERR
/// lines, and a leftover authorization. The last known state survives link outages, so after a
/// reconnect the first fresh status is compared with it: nothing is lost or reported twice. Its
/// <see cref="StatusMonitor"/> mirrors the latest status and its freshness for readers outside.
/// </summary>
public sealed class StateTrackerActor : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>Asks for the latest status; replied with <see cref="CurrentStatus"/>.</summary>
    public sealed record GetStatus
    {
        public static readonly GetStatus Instance = new();
    }

    /// <summary>The latest status (null before the first), its freshness now, and the link.</summary>
    public sealed record CurrentStatus(ChargerStatus? Status, StatusFreshness Freshness, LinkState? Link)
    {
        /// <summary>
        /// The <see cref="ChargerEvent.Sequence"/> of the last event published before this reply: the reply
        /// already reflects every event up to it, so a consumer that gets the reply and the events by
        /// different paths can tell which events it has seen the effect of.
        /// </summary>
        public long EventSequence { get; init; }
    }

    private sealed record StaleCheck
    {
        public static readonly StaleCheck Instance = new();
    }

    private readonly string _chargerId;
    private readonly IReadOnlyList<IActorRef> _consumers;
    private readonly ChargerEventSequence _sequence;
    private readonly StateTrackerOptions _options;
    private readonly StatusMonitor _monitor;
    private ChargerStatus? _status;
    private int? _lastState;
    private LinkState? _link;
    private bool _staleReported;
    private bool _leftoverReported;

    public StateTrackerActor(string chargerId, IReadOnlyList<IActorRef> consumers, ChargerEventSequence sequence, StateTrackerOptions options,
        StatusMonitor monitor)
    {
        _chargerId = chargerId;
        _consumers = consumers;
        _sequence = sequence;
        _options = options;
        _monitor = monitor;

        Receive<SerialPortActor.FrameReceived>(f => f.Frame is StatFrame, f => OnStatus((StatFrame)f.Frame, f.ReceivedAt));
        Receive<SerialPortActor.FrameReceived>(f => OnFirmwareMessage(f.Frame, f.ReceivedAt));
        Receive<SerialPortActor.LinkChanged>(c => OnLink(c.State));
        Receive<StaleCheck>(_ => CheckStale());
        Receive<GetStatus>(_ => Sender.Tell(new CurrentStatus(_status, Freshness(), _link) { EventSequence = _sequence.Last }));
        Receive<CommandActor.StartAccepted>(a => Publish(ChargerEventType.ChargeAuthorized, Now, userId: a.UserId,
            message: "the firmware accepted a start: charging may begin"));
        Receive<CommandResult>(r => Log.Info("Leftover authorization stop: {Result}", r));
    }

    private DateTimeOffset Now => Context.System.GetTimeProvider().GetUtcNow();

    /// <summary>The monitor decides, so the API, health checks and commands agree on it.</summary>
    private StatusFreshness Freshness() => _monitor.FreshnessAt(Now);

    protected override void PreStart() => _monitor.Reset();

    private void OnStatus(StatFrame frame, DateTimeOffset receivedAt)
    {
        if (ChargerStatus.FromFrame(frame, receivedAt) is not { } status) return;
        _status = status;
        _monitor.Received(status);
        _staleReported = false;
        ArmStaleCheck(_options.StaleAfter);

        var previous = _lastState;
        _lastState = status.StateCode;
        if (previous is { } from)
            foreach (var type in TransitionClassifier.Classify(from, status.StateCode))
                Publish(type, receivedAt, from, status.StateCode, status);

        CheckLeftoverAuthorization(status);
    }

    /// <summary>
    /// AUTH=1 with nothing plugged in means the next plug-in charges without a new authorization
    /// (ESP32-FIRMWARE.md 2.5). Reported once until it clears.
    /// </summary>
    private void CheckLeftoverAuthorization(ChargerStatus status)
    {
        var leftover = status.Authorized == true && status.State == ChargerState.Idle && status.CablePresent == false;
        if (leftover && !_leftoverReported)
        {
            Log.Warning("Charger {Charger}: authorization left over with nothing plugged in; the next plug-in would charge", _chargerId);
            var clear = _options.LeftoverAuthorization == LeftoverAuthorizationPolicy.ClearWithStop;
            Publish(ChargerEventType.LeftoverAuthorization, status.ReceivedAt, status: status,
                message: "AUTH=1 while idle with no cable: the next plug-in would start charging without a new authorization"
                    + (clear ? "; clearing it with a stop" : ""));
            // The charger supervisor runs it as a command, so it obeys the link and one-at-a-time rules.
            if (clear) Context.Parent.Tell(new StopCharging(), Self);
        }
        _leftoverReported = leftover;
    }

    private void OnFirmwareMessage(Esp32Frame frame, DateTimeOffset receivedAt)
    {
        switch (frame)
        {
            case InfoFrame info:
                Publish(ChargerEventType.FirmwareInfo, receivedAt, message: info.Message);
                break;
            case WarnFrame warn:
                Publish(ChargerEventType.FirmwareWarning, receivedAt, message: warn.Message);
                break;
            case ErrFrame err:
                Publish(ChargerEventType.FirmwareError, receivedAt, message: string.IsNullOrEmpty(err.Message) ? err.Code : $"{err.Code}: {err.Message}");
                break;
        }
    }

    private void OnLink(LinkState link)
    {
        var wasUp = _link?.IsUp;
        _link = link;
        if (wasUp == link.IsUp) return;
        // Down, the status says nothing about now; back up, neither does the one from before the outage.
        _monitor.LinkChanged();
        if (wasUp is null && !link.IsUp) return; // never up yet: nothing went down
        Publish(link.IsUp ? ChargerEventType.LinkUp : ChargerEventType.LinkDown, Now, message: link.LastError, link: link);
        if (!link.IsUp) Timers.Cancel(nameof(StaleCheck)); // while down, freshness is Unknown, not stale
    }

    /// <summary>Stale means older than stale-after, so look just after it.</summary>
    private void ArmStaleCheck(TimeSpan after) =>
        Timers.StartSingleTimer(nameof(StaleCheck), StaleCheck.Instance, after + TimeSpan.FromMilliseconds(1));

    private void CheckStale()
    {
        if (_status is null || _staleReported || _link is { IsUp: false }) return;
        var age = Now - _status.ReceivedAt;
        if (_status.FreshnessAt(Now, _options.StaleAfter) != StatusFreshness.Stale)
        {
            ArmStaleCheck(_options.StaleAfter - age);
            return;
        }
        _staleReported = true;
        Publish(ChargerEventType.StatusStale, Now, status: _status,
            message: $"no status for {(Now - _status.ReceivedAt).TotalSeconds:0.0} s");
    }

    private void Publish(ChargerEventType type, DateTimeOffset at, int? from = null, int? to = null,
        ChargerStatus? status = null, string? message = null, LinkState? link = null, string? userId = null)
    {
        var evt = new ChargerEvent(_chargerId, _sequence.Next(type), type, at, from, to, status, message, link, userId);
        foreach (var consumer in _consumers) consumer.Tell(evt, Self);
    }
}
