using Charger.Host.Systemd;
using Charger.Tests.TestKit;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Charger.Tests.Host.Systemd;

/// <summary>
/// The watchdog on a manual clock, sending through Microsoft.Extensions.Hosting.Systemd's notifier to a real datagram
/// socket: Advance fires its timer synchronously, and the notifier sends synchronously.
/// </summary>
[Collection(NotifySocketCollection.Name)]
public sealed class SystemdWatchdogTests : IDisposable
{
    private readonly NotifySocket _systemd = NotifySocket.InTempDirectory();
    private readonly ManualTimeProvider _time = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ISystemdNotifier _notifier;
    private bool _healthy = true;

    public SystemdWatchdogTests() => _notifier = _systemd.Notifier();

    public void Dispose() => _systemd.Dispose();

    /// <summary>WatchdogSec=30 unless told otherwise: a ping every 15 s.</summary>
    private SystemdWatchdog Watchdog(Func<bool>? isHealthy = null, TimeSpan? interval = null, ISystemdNotifier? notifier = null) =>
        Watchdog(Check(isHealthy ?? (() => _healthy)), interval, notifier);

    private SystemdWatchdog Watchdog(Func<CancellationToken, Task<bool>> isHealthy, TimeSpan? interval = null, ISystemdNotifier? notifier = null) =>
        new(notifier ?? _notifier, isHealthy, _time, _logs.CreateLogger<SystemdWatchdog>(),
            interval ?? SystemdWatchdog.PingInterval(name => name == "WATCHDOG_USEC" ? "30000000" : null, 4242, _logs.CreateLogger<SystemdWatchdog>()));

    /// <summary>A health check that answers at once.</summary>
    private static Func<CancellationToken, Task<bool>> Check(Func<bool> isHealthy) => _ => Task.FromResult(isHealthy());

    [Fact]
    public void A_healthy_daemon_pings_every_half_watchdog_interval()
    {
        using var watchdog = Watchdog();

        Assert.Equal(TimeSpan.FromSeconds(15), watchdog.Interval);
        Assert.True(watchdog.Start());
        _time.Advance(TimeSpan.FromSeconds(14.9));
        Assert.Empty(_systemd.Drain());
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(["WATCHDOG=1"], _systemd.Drain());
        _time.Advance(TimeSpan.FromSeconds(45));
        Assert.Equal(["WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"], _systemd.Drain());
    }

    [Fact]
    public void An_unhealthy_daemon_does_not_ping_until_it_recovers()
    {
        using var watchdog = Watchdog();
        watchdog.Start();

        _healthy = false;
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Empty(_systemd.Drain());
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning); // once, not every tick

        _healthy = true;
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(["WATCHDOG=1"], _systemd.Drain());
    }

    [Fact]
    public void A_health_check_that_throws_counts_as_unhealthy()
    {
        using var watchdog = Watchdog(() => throw new InvalidOperationException("tracker gone"));
        watchdog.Start();

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Empty(_systemd.Drain());
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "tracker gone");
    }

    [Fact]
    public async Task A_health_check_that_does_not_answer_within_half_the_interval_counts_as_unhealthy_and_pinging_resumes_when_it_does()
    {
        var answers = true;
        using var watchdog = Watchdog(async token =>
        {
            // A check that hangs until the watchdog's deadline cancels it, as an Ask to a wedged actor does.
            if (!answers) await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return true;
        });
        Assert.Equal(TimeSpan.FromSeconds(7.5), watchdog.CheckTimeout);
        watchdog.Start();

        answers = false;
        _time.Advance(TimeSpan.FromSeconds(15)); // the check starts and hangs
        Assert.False(watchdog.LastCheck.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(7.5)); // its deadline
        await watchdog.LastCheck;
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(15));
            await watchdog.LastCheck;
        }
        Assert.Empty(_systemd.Drain());
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning); // once, not every tick

        answers = true;
        _time.Advance(TimeSpan.FromSeconds(7.5));
        await watchdog.LastCheck;
        Assert.Equal(["WATCHDOG=1"], _systemd.Drain());
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Healthy again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_healthy_answer_after_the_deadline_does_not_ping()
    {
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watchdog = Watchdog(_ => answer.Task); // ignores its token: answers late
        watchdog.Start();

        _time.Advance(TimeSpan.FromSeconds(22.5)); // the check, then its deadline
        answer.SetResult(true);
        await watchdog.LastCheck;

        Assert.Empty(_systemd.Drain());
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public void An_explicit_interval_is_used_as_it_is()
    {
        using var watchdog = Watchdog(interval: TimeSpan.FromSeconds(5));
        watchdog.Start();

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["WATCHDOG=1", "WATCHDOG=1"], _systemd.Drain());
    }

    [Fact]
    public void Without_a_systemd_watchdog_it_does_nothing()
    {
        var noWatchdog = SystemdWatchdog.PingInterval(_ => null, 4242, _logs.CreateLogger<SystemdWatchdog>());
        using var watchdog = new SystemdWatchdog(_notifier, Check(() => true), _time, _logs.CreateLogger<SystemdWatchdog>(), noWatchdog);

        Assert.Null(watchdog.Interval);
        Assert.False(watchdog.Start());
        Assert.Equal(0, _time.ActiveTimerCount);
    }

    [Fact]
    public void Without_a_notify_socket_it_does_nothing()
    {
        var notifier = new SystemdNotifier(); // the test process has no NOTIFY_SOCKET
        Assert.False(notifier.IsEnabled);
        using var watchdog = Watchdog(notifier: notifier);

        Assert.Null(watchdog.Interval);
        Assert.False(watchdog.Start());
    }

    [Fact]
    public void Pings_reach_a_socket_in_the_abstract_namespace()
    {
        using var systemd = NotifySocket.Abstract();
        using var watchdog = Watchdog(notifier: systemd.Notifier());
        watchdog.Start();

        _time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal("WATCHDOG=1", systemd.Receive());
        // The kernel lists abstract sockets with a leading '@': proof the name is not a file path with a NUL in it.
        Assert.Contains(" " + systemd.Address + "\n", File.ReadAllText("/proc/net/unix"), StringComparison.Ordinal);
    }

    [Fact]
    public void Send_failures_are_logged_once_and_never_thrown_and_pinging_recovers()
    {
        using var systemd = NotifySocket.Unbound();
        using var watchdog = Watchdog(notifier: systemd.Notifier());
        watchdog.Start();

        _time.Advance(TimeSpan.FromSeconds(45)); // three pings into nothing
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);

        systemd.Bind();
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("WATCHDOG=1", systemd.Receive());
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("again", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("30000000", null, 15_000)]
    [InlineData("30000000", "4242", 15_000)] // our pid
    [InlineData("500000", null, 250)]
    [InlineData("30000000", "1", null)] // the watchdog is someone else's
    [InlineData("30000000", "x", null)]
    [InlineData("0", null, null)]
    [InlineData("-5", null, null)]
    [InlineData("thirty", null, null)]
    [InlineData(null, "4242", null)]
    public void Pings_every_half_of_watchdog_usec_for_our_pid(string? usec, string? pid, int? expectedMilliseconds)
    {
        var environment = new Dictionary<string, string>();
        if (usec is not null) environment["WATCHDOG_USEC"] = usec;
        if (pid is not null) environment["WATCHDOG_PID"] = pid;

        var interval = SystemdWatchdog.PingInterval(name => environment.GetValueOrDefault(name), 4242, _logs.CreateLogger<SystemdWatchdog>());

        Assert.Equal(expectedMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null, interval);
    }

    [Fact]
    public void Dispose_stops_the_pings()
    {
        var watchdog = Watchdog();
        watchdog.Start();
        _time.Advance(TimeSpan.FromSeconds(15));
        watchdog.Dispose();

        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(["WATCHDOG=1"], _systemd.Drain());
        Assert.Equal(0, _time.ActiveTimerCount);
    }
}
