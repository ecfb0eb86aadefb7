namespace Charger.Host.Systemd;

/// <summary>
/// Pings systemd's watchdog (<c>WATCHDOG=1</c>) every <see cref="Interval"/>, but only while
/// <c>isHealthy()</c> says so. A daemon whose health check fails (or hangs, or throws) stops pinging,
/// and systemd kills and restarts it after <c>WatchdogSec=</c>: a wedged process is worse than a restart.
/// </summary>
public sealed class SystemdWatchdog : IDisposable
{
    private readonly SystemdNotifier _notifier;
    private readonly Func<bool> _isHealthy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private int _ticking;
    private bool _unhealthy;

    /// <param name="interval">How often to check and ping; by default half of systemd's <c>WatchdogSec=</c>.</param>
    public SystemdWatchdog(SystemdNotifier notifier, Func<bool> isHealthy, TimeProvider time, ILogger logger, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(isHealthy);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (interval is { } given) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(given, TimeSpan.Zero, nameof(interval));
        _notifier = notifier;
        _isHealthy = isHealthy;
        _time = time;
        _logger = logger;
        Interval = notifier.IsEnabled ? interval ?? notifier.WatchdogPingInterval : null;
    }

    /// <summary>Null when systemd does not watch us (no socket or no <c>WatchdogSec=</c>): then there is nothing to do.</summary>
    public TimeSpan? Interval { get; }

    /// <summary>Starts the periodic check; returns false, doing nothing, when there is no watchdog.</summary>
    public bool Start()
    {
        if (Interval is not { } interval) return false;
        lock (_lock)
        {
            _timer ??= _time.CreateTimer(_ => Tick(), null, interval, interval);
        }
        _logger.LogInformation("Pinging the systemd watchdog every {Interval} while healthy", interval);
        return true;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Tick()
    {
        // A health check slower than the interval must not pile up timer callbacks; the skipped tick
        // is simply a missed ping, which is what a slow daemon deserves.
        if (Interlocked.Exchange(ref _ticking, 1) == 1) return;
        try
        {
            bool healthy;
            try
            {
                healthy = _isHealthy();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "The health check behind the systemd watchdog threw; counting it as unhealthy");
                healthy = false;
            }
            if (healthy)
            {
                if (_unhealthy) _logger.LogInformation("Healthy again: pinging the systemd watchdog");
                _unhealthy = false;
                _notifier.NotifyWatchdog();
            }
            else if (!_unhealthy)
            {
                _unhealthy = true;
                _logger.LogWarning("Unhealthy: not pinging the systemd watchdog, so systemd restarts the daemon unless it recovers in time");
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }
}
