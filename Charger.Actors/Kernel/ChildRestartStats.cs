namespace Charger.Actors.Kernel;

/// <summary>
/// A child as its parent knows it, with the restart budget bookkeeping of Akka's
/// <c>ChildRestartStats.requestRestartPermission</c>, counted per child and timed by the TimeProvider.
/// </summary>
internal sealed class ChildRestartStats(IInternalActorRef child)
{
    private long _windowStart;
    private bool _windowStarted;

    public IInternalActorRef Child { get; } = child;

    /// <summary>Restarts counted in the current window.</summary>
    public int RestartCount { get; private set; }

    /// <summary>Set once the parent asked the child to stop; it stays listed until it has terminated.</summary>
    public bool Stopping { get; set; }

    /// <param name="maxNrOfRetries">Negative: no limit.</param>
    /// <param name="window">Null: no window (the count never resets).</param>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan? window, TimeProvider time)
    {
        if (maxNrOfRetries == 0) return false;
        if (window is null)
        {
            if (maxNrOfRetries < 0) return true;
            RestartCount++;
            return RestartCount <= maxNrOfRetries;
        }
        return RetriesInWindowOkay(maxNrOfRetries < 0 ? 1 : maxNrOfRetries, window.Value, time);
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
}
