using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;

namespace Charger.Host.Systemd;

/// <summary>
/// Pings systemd's watchdog (<c>WATCHDOG=1</c>, through Microsoft.Extensions.Hosting.Systemd's
/// <see cref="ISystemdNotifier"/>) every <see cref="Interval"/>, but only once the health check has answered
/// healthy within <see cref="CheckTimeout"/> (half the interval, on the injected <see cref="TimeProvider"/>).
/// A daemon whose health check fails, does not answer in time or throws stops pinging, and systemd kills and
/// restarts it after <c>WatchdogSec=</c>: a wedged process is worse than a restart. Pings stopping and resuming
/// are each logged once. Ours because no package has this rule:
/// the hosting package sends READY/STOPPING and nothing periodic, and it does not read <c>WATCHDOG_USEC</c>.
/// </summary>
/// <remarks>The package's notifier throws when the socket is unreachable: a failure is logged once (until a
/// ping goes through again) and never thrown, so a dead socket neither floods the log nor stops the timer.</remarks>
public sealed class SystemdWatchdog : IDisposable
{
    private static readonly ServiceState Watchdog = new("WATCHDOG=1");

    private readonly ISystemdNotifier _notifier;
    private readonly Func<CancellationToken, Task<bool>> _isHealthy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private int _ticking;
    private bool _unhealthy;
    private bool _failing;
    private Task _lastCheck = Task.CompletedTask;

    /// <param name="isHealthy">
    /// The health check, run once per interval: true for healthy. It must honour its token, which is cancelled after
    /// <see cref="CheckTimeout"/>; an answer that comes later counts as unhealthy.
    /// </param>
    /// <param name="interval">How often to check and ping: half of systemd's <c>WatchdogSec=</c> (<see cref="PingInterval"/>), or null for no watchdog.</param>
    public SystemdWatchdog(ISystemdNotifier notifier, Func<CancellationToken, Task<bool>> isHealthy, TimeProvider time, ILogger logger, TimeSpan? interval)
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
        Interval = notifier.IsEnabled ? interval : null;
    }

    /// <summary>Null when systemd does not watch us (no socket or no <c>WatchdogSec=</c>): then there is nothing to do.</summary>
    public TimeSpan? Interval { get; }

    /// <summary>How long the health check may take: half of <see cref="Interval"/>, so a round ends before the next begins.</summary>
    public TimeSpan? CheckTimeout => Interval / 2;

    /// <summary>The latest round (check, then ping if healthy); completes when it has; never faults. For tests.</summary>
    internal Task LastCheck => Volatile.Read(ref _lastCheck);

    /// <summary>
    /// How often to ping: half of systemd's <c>WatchdogSec=</c> (from <c>WATCHDOG_USEC</c>), as sd_watchdog_enabled(3)
    /// recommends, so one late ping is not fatal. Null without a watchdog, or when <c>WATCHDOG_PID</c> names another process.
    /// </summary>
    public static TimeSpan? PingInterval(Func<string, string?> environment, int processId, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(logger);
        var usec = environment("WATCHDOG_USEC");
        if (string.IsNullOrEmpty(usec)) return null;
        if (!long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds) || microseconds <= 0)
        {
            logger.LogWarning("WATCHDOG_USEC={Value} is not a positive number of microseconds; not pinging the watchdog", usec);
            return null;
        }
        // systemd sets WATCHDOG_PID so a child that inherited the environment does not ping for its parent.
        var pid = environment("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pid) && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var watched) || watched != processId))
            return null;
        return TimeSpan.FromMicroseconds(microseconds) / 2;
    }

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
        // A round still running (a check cannot outlive its timeout, but its continuation may be late) means this
        // tick is skipped: callbacks never pile up, and the skipped tick is simply a missed ping.
        if (Interlocked.Exchange(ref _ticking, 1) == 1) return;
        Volatile.Write(ref _lastCheck, CheckAndPingAsync());
    }

    private async Task CheckAndPingAsync()
    {
        try
        {
            bool healthy;
            using var deadline = new CancellationTokenSource(CheckTimeout!.Value, _time);
            try
            {
                healthy = await _isHealthy(deadline.Token).ConfigureAwait(false) && !deadline.IsCancellationRequested;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                healthy = false;
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
                Ping();
            }
            else if (!_unhealthy)
            {
                _unhealthy = true;
                _logger.LogWarning("Unhealthy (the health check failed or did not answer within {Timeout}): not pinging the systemd watchdog, " +
                    "so systemd restarts the daemon unless it recovers in time", CheckTimeout);
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private void Ping()
    {
        try
        {
            _notifier.Notify(Watchdog);
            if (_failing) _logger.LogInformation("The systemd watchdog is reachable again");
            _failing = false;
        }
        catch (SocketException e)
        {
            if (!_failing)
                _logger.LogWarning(e, "Cannot ping the systemd watchdog; further failures are not logged until a ping goes through");
            _failing = true;
        }
    }
}
