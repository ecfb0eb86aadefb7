using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Charger.Host.Systemd;

/// <summary>
/// Tells systemd how the daemon is doing (sd_notify): a datagram of <c>KEY=VALUE</c> lines to the unix
/// socket named by <c>$NOTIFY_SOCKET</c>. Hand-written because neither Tmds.Systemd nor
/// Microsoft.Extensions.Hosting.Systemd restores here; it is the few lines of sd_notify(3) we need.
/// </summary>
/// <remarks>
/// <para>Without <c>NOTIFY_SOCKET</c> (not run by systemd, or not <c>Type=notify</c>) every call is a no-op
/// that returns false. A leading <c>@</c> names a socket in the abstract namespace (a leading NUL byte).</para>
/// <para>Sending never throws: the daemon must not fall over because its supervisor is unreachable. The
/// first failure after a success is logged as a warning, repeats are not, so a dead socket cannot flood
/// the log every watchdog tick.</para>
/// </remarks>
public sealed class SystemdNotifier : IDisposable
{
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Socket? _socket;
    private bool _failing;
    private bool _disposed;

    public SystemdNotifier(ILogger<SystemdNotifier> logger)
        : this(Environment.GetEnvironmentVariable, logger)
    {
    }

    /// <param name="environment">Reads an environment variable (injectable for tests).</param>
    /// <param name="time">Source of CLOCK_MONOTONIC for <see cref="NotifyReloading"/>; the system clock by default.</param>
    /// <param name="processId">Our pid, to check <c>WATCHDOG_PID</c>; <see cref="Environment.ProcessId"/> by default.</param>
    public SystemdNotifier(Func<string, string?> environment, ILogger logger, TimeProvider? time = null, int? processId = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _time = time ?? TimeProvider.System;
        SocketAddress = environment("NOTIFY_SOCKET");
        _endPoint = EndPointOf(SocketAddress);
        if (_endPoint is not null)
            WatchdogInterval = ParseWatchdog(environment("WATCHDOG_USEC"), environment("WATCHDOG_PID"), processId ?? Environment.ProcessId);
    }

    /// <summary>True when systemd gave us a socket to notify.</summary>
    public bool IsEnabled => _endPoint is not null;

    /// <summary>The socket as <c>$NOTIFY_SOCKET</c> names it, if set.</summary>
    public string? SocketAddress { get; }

    /// <summary>
    /// systemd's <c>WatchdogSec=</c> (from <c>WATCHDOG_USEC</c>), when it watches this process; null when there is
    /// no watchdog, notifications are off, or <c>WATCHDOG_PID</c> names another process.
    /// </summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>How often to send <c>WATCHDOG=1</c>: half the interval, as sd_watchdog_enabled(3) recommends, so one late ping is not fatal.</summary>
    public TimeSpan? WatchdogPingInterval => WatchdogInterval / 2;

    /// <summary>Start-up is complete (systemd holds <c>systemctl start</c> and ordered units until this).</summary>
    public bool NotifyReady(string? status = null) => Notify(status is null ? "READY=1" : $"READY=1\nSTATUS={OneLine(status)}");

    /// <summary>A one-line status for <c>systemctl status</c>.</summary>
    public bool NotifyStatus(string status) => Notify($"STATUS={OneLine(status)}");

    public bool NotifyStopping() => Notify("STOPPING=1");

    /// <summary>
    /// Reloading configuration; send <see cref="NotifyReady"/> when done. Carries CLOCK_MONOTONIC in µs,
    /// which systemd 253+ requires with RELOADING=1 (older versions ignore it).
    /// </summary>
    public bool NotifyReloading()
    {
        var monotonicMicroseconds = (long)((decimal)_time.GetTimestamp() * 1_000_000 / _time.TimestampFrequency);
        return Notify(string.Create(CultureInfo.InvariantCulture, $"RELOADING=1\nMONOTONIC_USEC={monotonicMicroseconds}"));
    }

    /// <summary>Still alive: resets systemd's watchdog timer.</summary>
    public bool NotifyWatchdog() => Notify("WATCHDOG=1");

    /// <summary>Sends <paramref name="state"/> (newline-separated assignments) as it is. Returns whether it was sent.</summary>
    public bool Notify(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_endPoint is null) return false;
        var datagram = Encoding.UTF8.GetBytes(state);
        lock (_lock)
        {
            if (_disposed) return false;
            try
            {
                // Non-blocking: if systemd's queue is full we would rather lose one ping than hang the caller.
                _socket ??= new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
                _socket.SendTo(datagram, SocketFlags.None, _endPoint);
                if (_failing) _logger.LogInformation("systemd notifications reach {Socket} again", SocketAddress);
                _failing = false;
                return true;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (!_failing)
                    _logger.LogWarning(e, "Cannot notify systemd at {Socket} ({State}); further failures are not logged until one succeeds",
                        SocketAddress, state.Replace('\n', ' '));
                _failing = true;
                _socket?.Dispose();
                _socket = null;
                return false;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _socket?.Dispose();
            _socket = null;
        }
    }

    // The protocol is one assignment per line: a newline inside a status would start a bogus assignment.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private UnixDomainSocketEndPoint? EndPointOf(string? address)
    {
        if (string.IsNullOrEmpty(address)) return null;
        if (address[0] == '@') return new UnixDomainSocketEndPoint("\0" + address[1..]);
        if (address[0] == '/') return new UnixDomainSocketEndPoint(address);
        // systemd 253+ can also hand out vsock: addresses (for VMs); a Pi never gets one.
        _logger.LogWarning("NOTIFY_SOCKET={Socket} is not a unix socket path or @abstract name; systemd notifications are off", address);
        return null;
    }

    private TimeSpan? ParseWatchdog(string? usec, string? pid, int ourPid)
    {
        if (string.IsNullOrEmpty(usec)) return null;
        if (!long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds) || microseconds <= 0)
        {
            _logger.LogWarning("WATCHDOG_USEC={Value} is not a positive number of microseconds; not pinging the watchdog", usec);
            return null;
        }
        // systemd sets WATCHDOG_PID so a child that inherited the environment does not ping for its parent.
        if (!string.IsNullOrEmpty(pid) && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var watched) || watched != ourPid))
            return null;
        return TimeSpan.FromMicroseconds(microseconds);
    }
}
