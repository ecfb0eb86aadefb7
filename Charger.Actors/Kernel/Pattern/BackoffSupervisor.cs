using Microsoft.Extensions.Logging;

namespace Charger.Actors.Kernel.Pattern;

/// <summary>
/// Akka.NET's BackoffSupervisor: owns one child and recreates it after a crash (OnFailure) or a stop
/// (OnStop) with exponential, jittered delays, so a failing resource (a serial port) is retried
/// without a retry loop anywhere. Messages to the supervisor go to the child with their sender;
/// messages from the child go to the supervisor's parent. While there is no child, messages get
/// <see cref="BackoffOptions.ReplyWhileStopped"/> or go to dead letters: nothing is buffered.
/// </summary>
public sealed class BackoffSupervisor : ActorBase
{
    private const string ResetTimerKey = "backoff-reset";
    private const string StartTimerKey = "backoff-start";

    private readonly BackoffOptions _options;
    private IActorRef? _child;
    private int _restartCount;
    private bool _restartAfterFailure;
    private bool _finalStopRequested;
    private ActorFailure? _lastChildFailure;
    private (DateTimeOffset At, TimeSpan Delay)? _pendingStart;

    public BackoffSupervisor(BackoffOptions options) => _options = options;

    /// <summary>Asks for the current child; the reply is <see cref="CurrentChild"/>.</summary>
    public sealed record GetCurrentChild
    {
        public static readonly GetCurrentChild Instance = new();
    }

    /// <summary>The current child, or <see cref="ActorRefs.Nobody"/> while backing off.</summary>
    public sealed record CurrentChild(IActorRef Ref);

    /// <summary>Asks for the restart count; the reply is <see cref="RestartCount"/>.</summary>
    public sealed record GetRestartCount
    {
        public static readonly GetRestartCount Instance = new();
    }

    public sealed record RestartCount(int Count);

    /// <summary>Resets the restart count (only with <see cref="BackoffOptions.WithManualReset"/>).</summary>
    public sealed record Reset
    {
        public static readonly Reset Instance = new();
    }

    /// <summary>
    /// Ends a pending backoff wait and starts the child now; ignored while a child runs. Not in Akka:
    /// it lets an outside signal that the resource is back (a serial device reappearing) cut a long
    /// wait short, while failures still back off as usual.
    /// </summary>
    public sealed record StartChildNow
    {
        public static readonly StartChildNow Instance = new();
    }

    private sealed record StartChild
    {
        public static readonly StartChild Instance = new();
    }

    private sealed record ResetRestartCount(int Current);

    /// <summary>The delay before restart number <paramref name="restartCount"/> + 1 (Akka's formula, capped before jitter).</summary>
    public static TimeSpan CalculateDelay(int restartCount, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor, double random)
    {
        var jitter = 1.0 + random * randomFactor;
        var exponential = minBackoff.TotalMilliseconds * Math.Pow(2, restartCount);
        var capped = double.IsFinite(exponential) ? Math.Min(maxBackoff.TotalMilliseconds, exponential) : maxBackoff.TotalMilliseconds;
        return TimeSpan.FromMilliseconds(capped * jitter);
    }

    protected override SupervisorStrategy SupervisorStrategy()
    {
        if (_options.Mode == BackoffMode.OnStop) return _options.Strategy;
        var strategy = _options.Strategy;
        // A Restart decision becomes "stop now, start again after the backoff delay".
        return new OneForOneStrategy(strategy.MaxNrOfRetries, strategy.WithinTimeRange, e =>
        {
            // The child's own stats leave with it, so the failure is kept here for the supervision view.
            _lastChildFailure = ActorFailure.Of(e, Context.System.TimeProvider.GetUtcNow());
            var directive = strategy.Decider(e);
            if (directive != Directive.Restart) return directive;
            _restartAfterFailure = true;
            return Directive.Stop;
        })
        { LoggingEnabled = strategy.LoggingEnabled };
    }

    protected override void PreStart() => StartTheChild();

    protected internal override bool Receive(object message)
    {
        switch (message)
        {
            case Terminated terminated when ReferenceEquals(terminated.ActorRef, _child):
                OnChildTerminated();
                return true;
            case StartChild:
                StartTheChild();
                return true;
            case StartChildNow:
                if (_child is null && Timers.IsTimerActive(StartTimerKey))
                {
                    Timers.Cancel(StartTimerKey);
                    StartTheChild();
                }
                return true;
            case ResetRestartCount reset:
                if (reset.Current == _restartCount) _restartCount = 0;
                Publish();
                return true;
            case Reset:
                if (_options.AutoReset is not null) return false; // Akka: only valid with manual reset
                _restartCount = 0;
                Publish();
                return true;
            case GetRestartCount:
                Sender.Tell(new RestartCount(_restartCount), Self);
                return true;
            case GetCurrentChild:
                Sender.Tell(new CurrentChild(_child ?? ActorRefs.Nobody), Self);
                return true;
            default:
                Route(message);
                return true;
        }
    }

    private void Route(object message)
    {
        if (_child is not null && ReferenceEquals(Sender, _child))
        {
            Context.Parent.Forward(message);
            return;
        }
        // A child already condemned by a failure would drop the message into dead letters: answer
        // as if it were gone (closes the race Akka documents for replyWhileStopped, akka#27000).
        if (_child is not null && !_restartAfterFailure)
        {
            if (_options.FinalStopMessage?.Invoke(message) == true) _finalStopRequested = true;
            _child.Forward(message);
            return;
        }
        if (_options.ReplyWhileStopped is { } reply) Sender.Tell(reply, Self);
        else Context.System.DeadLetters.Forward(message);
        if (_options.FinalStopMessage?.Invoke(message) == true) Context.Stop(Self);
    }

    private void StartTheChild()
    {
        if (_child is not null) return;
        _child = Context.Watch(Context.ActorOf(_options.ChildProps, _options.ChildName));
        _pendingStart = null;
        if (_options.AutoReset is { } resetAfter)
            Timers.StartSingleTimer(ResetTimerKey, new ResetRestartCount(_restartCount), resetAfter);
        Publish();
    }

    /// <summary>What <see cref="ActorSystem.Inspect"/> shows for this supervisor; called after every change.</summary>
    private void Publish() =>
        ((ActorCell)Context).PublishBackoff(new BackoffStatus(_restartCount, _pendingStart?.At, _pendingStart?.Delay, _lastChildFailure));

    private void OnChildTerminated()
    {
        _child = null;
        Timers.Cancel(ResetTimerKey);
        var restart = _options.Mode == BackoffMode.OnStop ? !_finalStopRequested : _restartAfterFailure;
        _restartAfterFailure = false;
        if (!restart)
        {
            Context.Stop(Self);
            return;
        }
        if (_options.MaxNrOfRetries >= 0 && _restartCount >= _options.MaxNrOfRetries)
        {
            Log.LogWarning("{Child} gave up after {Count} restarts", _options.ChildName, _restartCount);
            Context.Stop(Self);
            return;
        }
        var delay = CalculateDelay(_restartCount, _options.MinBackoff, _options.MaxBackoff, _options.RandomFactor, _options.Random());
        _restartCount++;
        Timers.StartSingleTimer(StartTimerKey, StartChild.Instance, delay);
        _pendingStart = (Context.System.TimeProvider.GetUtcNow() + delay, delay);
        Publish();
    }
}
