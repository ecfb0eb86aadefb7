namespace Charger.Actors.Sessions;

/// <summary>
/// Whether the session journal (and the projection writing the session tables) can write: the session
/// actors and the projection report each failure and each success here, and readiness reads it, so a full
/// disk or a dead database shows as "degraded, with the reason" while charging goes on (the firmware charges
/// whatever our history does). It also paces the warning: once when writes start failing, then at most once
/// per <see cref="LogEvery"/>, however often the backoff retries.
/// </summary>
public sealed class SessionJournalHealth(TimeProvider time)
{
    public static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private JournalProblem? _problem;
    private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;

    /// <summary>Why writes fail and since when; null while they succeed.</summary>
    public JournalProblem? Problem
    {
        get
        {
            lock (_gate) return _problem;
        }
    }

    /// <summary>A write failed; returns whether to log it now (the first failure, then once per <see cref="LogEvery"/>).</summary>
    public bool Failed(string where, Exception cause)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _problem = new JournalProblem($"{where}: {cause.GetBaseException().Message}", _problem?.Since ?? now);
            if (now - _lastLogged < LogEvery) return false;
            _lastLogged = now;
            return true;
        }
    }

    /// <summary>A write succeeded; returns the problem that just ended (to log that writing resumed), or null.</summary>
    public JournalProblem? Succeeded()
    {
        if (Volatile.Read(ref _problem) is null) return null; // the common case, without the lock
        lock (_gate)
        {
            var ended = _problem;
            _problem = null;
            _lastLogged = DateTimeOffset.MinValue;
            return ended;
        }
    }
}

/// <param name="Reason">What failed, e.g. "charger cp-1: database or disk is full".</param>
public sealed record JournalProblem(string Reason, DateTimeOffset Since);
