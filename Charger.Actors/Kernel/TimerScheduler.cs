namespace Charger.Actors.Kernel;

/// <summary>
/// The timers of one actor, driven by the system's <see cref="TimeProvider"/>. Each start creates a
/// new <see cref="TimerMessage"/>; the actor accepts a tick only if it is still the current one for its
/// key, which is how stale ticks of replaced or cancelled timers are filtered out.
/// </summary>
internal sealed class TimerScheduler(IActorRef self, TimeProvider time) : ITimerScheduler
{
    private readonly Dictionary<object, TimerMessage> _timers = [];

    public void StartSingleTimer(object key, object message, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Start(key, message, delay, Timeout.InfiniteTimeSpan, isSingle: true);
    }

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        StartPeriodicTimer(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Start(key, message, initialDelay, interval, isSingle: false);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var timer)) timer.Dispose();
    }

    public void CancelAll()
    {
        foreach (var timer in _timers.Values) timer.Dispose();
        _timers.Clear();
    }

    /// <summary>True when <paramref name="tick"/> belongs to a live timer; a single timer is then done.</summary>
    public bool Accept(TimerMessage tick)
    {
        if (!_timers.TryGetValue(tick.Key, out var current) || !ReferenceEquals(current, tick)) return false;
        if (tick.IsSingle) Cancel(tick.Key);
        return true;
    }

    private void Start(object key, object message, TimeSpan due, TimeSpan period, bool isSingle)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var tick = new TimerMessage(key, message, isSingle, self);
        _timers[key] = tick;
        tick.Arm(time, due, period);
    }
}

/// <summary>One timer's tick as it travels through the mailbox.</summary>
internal sealed class TimerMessage(object key, object message, bool isSingle, IActorRef target) : IAutoReceivedMessage
{
    private ITimer? _timer;

    public object Key { get; } = key;

    public object Message { get; } = message;

    public bool IsSingle { get; } = isSingle;

    public void Arm(TimeProvider time, TimeSpan due, TimeSpan period) =>
        _timer = time.CreateTimer(static s => ((TimerMessage)s!).Fire(), this, due, period);

    public void Dispose() => _timer?.Dispose();

    private void Fire() => target.Tell(this, null);

    public override string ToString() => $"Timer({Key}: {Message})";
}
