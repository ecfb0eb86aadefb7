namespace Charger.Actors.Kernel;

/// <summary>
/// A child as its parent knows it, with the restart budget bookkeeping of Akka's
/// <c>ChildRestartStats.requestRestartPermission</c>, counted per child and timed by the TimeProvider.
/// </summary>
/// <remarks>
/// Only the parent's turn writes it. What <see cref="ActorSystem.Inspect"/> reads from other threads
/// is <see cref="Record"/>, an immutable record replaced as a whole after every change, and
/// <see cref="Stopping"/>, a volatile flag; the budget fields themselves stay private to the parent.
/// </remarks>
internal sealed class ChildRestartStats(IInternalActorRef child)
{
    private long _windowStart;
    private bool _windowStarted;
    private volatile bool _stopping;
    private RestartRecord _record = RestartRecord.None;

    public IInternalActorRef Child { get; } = child;

    /// <summary>Restarts counted in the current window.</summary>
    public int RestartCount { get; private set; }

    /// <summary>Set once the parent asked the child to stop; it stays listed until it has terminated.</summary>
    public bool Stopping
    {
        get => _stopping;
        set => _stopping = value;
    }

    /// <summary>The restarts and last failure as last published; safe to read from any thread.</summary>
    public RestartRecord Record => Volatile.Read(ref _record);

    /// <summary>The parent is handling a failure of this child (before the strategy decides).</summary>
    public void RecordFailure(Exception cause, DateTimeOffset at) =>
        Publish(Record with { LastFailure = ActorFailure.Of(cause, at) });

    /// <param name="maxNrOfRetries">Negative: no limit.</param>
    /// <param name="window">Null: no window (the count never resets).</param>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan? window, TimeProvider time)
    {
        if (maxNrOfRetries == 0) return false;
        bool granted;
        if (window is null)
        {
            // Counted even without a limit, where Akka does not count: the budget ignores it, the
            // supervision tree shows it.
            RestartCount++;
            granted = maxNrOfRetries < 0 || RestartCount <= maxNrOfRetries;
        }
        else
        {
            granted = RetriesInWindowOkay(maxNrOfRetries < 0 ? 1 : maxNrOfRetries, window.Value, time);
        }
        Publish(Record with { Count = RestartCount, WindowStart = _windowStart, Window = window });
        return granted;
    }

    private bool RetriesInWindowOkay(int retries, TimeSpan window, TimeProvider time)
    {
        var retriesDone = RestartCount + 1;
        var now = time.GetTimestamp();
        if (!_windowStarted)
        {
            _windowStarted = true;
            _windowStart = now;
        }
        if (time.GetElapsedTime(_windowStart, now) <= window)
        {
            RestartCount = retriesDone;
            return retriesDone <= retries;
        }
        RestartCount = 1;
        _windowStart = now;
        return true;
    }

    private void Publish(RestartRecord record) => Volatile.Write(ref _record, record);
}

/// <summary>A child's restart count, the window it counts in, and its last failure, published as one value.</summary>
/// <param name="WindowStart">TimeProvider timestamp at which the window began (meaningless without a window).</param>
internal sealed record RestartRecord(int Count, long WindowStart, TimeSpan? Window, ActorFailure? LastFailure)
{
    public static readonly RestartRecord None = new(0, 0, null, null);

    /// <summary>Restarts within the window as of <paramref name="now"/>: none once the window has passed.</summary>
    public int CountAt(long now, TimeProvider time) =>
        Window is { } window && Count > 0 && time.GetElapsedTime(WindowStart, now) > window ? 0 : Count;
}
