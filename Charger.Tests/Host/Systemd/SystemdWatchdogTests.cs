using Charger.Host.Systemd;
using Charger.Tests.TestKit;
using Microsoft.Extensions.Logging;

namespace Charger.Tests.Host.Systemd;

/// <summary>The watchdog on a manual clock: Advance fires its timer synchronously, and the notifier sends synchronously.</summary>
public sealed class SystemdWatchdogTests : IDisposable
{
    private readonly NotifySocket _systemd = NotifySocket.InTempDirectory();
    private readonly ManualTimeProvider _time = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly SystemdNotifier _notifier;
    private bool _healthy = true;

    public SystemdWatchdogTests() =>
        _notifier = new SystemdNotifier(
            name => name switch { "NOTIFY_SOCKET" => _systemd.Address, "WATCHDOG_USEC" => "30000000", _ => null },
            _logs.CreateLogger<SystemdNotifier>(), _time);

    public void Dispose()
    {
        _notifier.Dispose();
        _systemd.Dispose();
    }

    private SystemdWatchdog Watchdog(Func<bool>? isHealthy = null, TimeSpan? interval = null) =>
        new(_notifier, isHealthy ?? (() => _healthy), _time, _logs.CreateLogger<SystemdWatchdog>(), interval);

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
    public void An_explicit_interval_overrides_half_of_watchdog_usec()
    {
        using var watchdog = Watchdog(interval: TimeSpan.FromSeconds(5));
        watchdog.Start();

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["WATCHDOG=1", "WATCHDOG=1"], _systemd.Drain());
    }

    [Fact]
    public void Without_a_systemd_watchdog_it_does_nothing()
    {
        using var notifier = new SystemdNotifier(name => name == "NOTIFY_SOCKET" ? _systemd.Address : null, _logs.CreateLogger<SystemdNotifier>());
        using var watchdog = new SystemdWatchdog(notifier, () => true, _time, _logs.CreateLogger<SystemdWatchdog>());

        Assert.Null(watchdog.Interval);
        Assert.False(watchdog.Start());
        Assert.Equal(0, _time.ActiveTimerCount);
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
