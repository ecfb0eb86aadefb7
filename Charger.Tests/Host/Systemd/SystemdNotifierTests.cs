using Charger.Host.Systemd;
using Charger.Tests.TestKit;
using Microsoft.Extensions.Logging;

namespace Charger.Tests.Host.Systemd;

public sealed class SystemdNotifierTests
{
    private readonly CapturingLoggerProvider _logs = new();

    private SystemdNotifier Notifier(Dictionary<string, string> environment, TimeProvider? time = null, int processId = 4242) =>
        new(name => environment.GetValueOrDefault(name), _logs.CreateLogger<SystemdNotifier>(), time, processId);

    [Fact]
    public void Without_notify_socket_everything_is_a_quiet_no_op()
    {
        using var notifier = Notifier(new() { ["WATCHDOG_USEC"] = "30000000" });

        Assert.False(notifier.IsEnabled);
        Assert.Null(notifier.WatchdogInterval); // nothing to ping through
        Assert.False(notifier.NotifyReady("up"));
        Assert.False(notifier.NotifyWatchdog());
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public void Sends_each_notification_as_one_datagram_to_a_socket_path()
    {
        using var systemd = NotifySocket.InTempDirectory();
        var time = new ManualTimeProvider();
        using var notifier = Notifier(new() { ["NOTIFY_SOCKET"] = systemd.Address }, time);

        Assert.True(notifier.IsEnabled);
        Assert.True(notifier.NotifyReady());
        Assert.True(notifier.NotifyReady("Listening on http://0.0.0.0:8080"));
        Assert.True(notifier.NotifyStatus("Link down:\nreconnecting\r\nin 2 s"));
        Assert.True(notifier.NotifyWatchdog());
        Assert.True(notifier.NotifyReloading());
        Assert.True(notifier.NotifyStopping());
        Assert.True(notifier.Notify("ERRNO=5\nSTATUS=raw"));

        var monotonicUsec = time.GetTimestamp() / 10; // the manual clock ticks in 100 ns
        Assert.Equal(
            [
                "READY=1",
                "READY=1\nSTATUS=Listening on http://0.0.0.0:8080",
                "STATUS=Link down: reconnecting in 2 s",
                "WATCHDOG=1",
                $"RELOADING=1\nMONOTONIC_USEC={monotonicUsec}",
                "STOPPING=1",
                "ERRNO=5\nSTATUS=raw",
            ],
            systemd.Drain());
    }

    [Fact]
    public void An_at_sign_names_a_socket_in_the_abstract_namespace()
    {
        using var systemd = NotifySocket.Abstract();
        using var notifier = Notifier(new() { ["NOTIFY_SOCKET"] = systemd.Address });

        Assert.True(notifier.NotifyReady("abstract"));

        Assert.Equal("READY=1\nSTATUS=abstract", systemd.Receive());
        // The kernel lists abstract sockets with a leading '@': proof the name is not a file path with a NUL in it.
        Assert.Contains(" " + systemd.Address + "\n", File.ReadAllText("/proc/net/unix"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30000000", null, 30_000)]
    [InlineData("30000000", "4242", 30_000)] // our pid
    [InlineData("500000", null, 500)]
    [InlineData("30000000", "1", null)] // the watchdog is someone else's
    [InlineData("30000000", "x", null)]
    [InlineData("0", null, null)]
    [InlineData("-5", null, null)]
    [InlineData("thirty", null, null)]
    [InlineData(null, "4242", null)]
    public void Watchdog_interval_comes_from_watchdog_usec_for_our_pid(string? usec, string? pid, int? expectedMilliseconds)
    {
        var environment = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = "/run/systemd/notify" };
        if (usec is not null) environment["WATCHDOG_USEC"] = usec;
        if (pid is not null) environment["WATCHDOG_PID"] = pid;
        using var notifier = Notifier(environment);

        var expected = expectedMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        Assert.Equal(expected, notifier.WatchdogInterval);
        Assert.Equal(expected / 2, notifier.WatchdogPingInterval);
    }

    [Fact]
    public void A_socket_that_is_not_a_path_or_abstract_name_turns_notifications_off()
    {
        using var notifier = Notifier(new() { ["NOTIFY_SOCKET"] = "vsock:2:1234" });

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.NotifyReady());
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("vsock:2:1234", StringComparison.Ordinal));
    }

    [Fact]
    public void Send_failures_are_logged_once_and_never_thrown_and_sending_recovers()
    {
        using var systemd = NotifySocket.Unbound();
        using var notifier = Notifier(new() { ["NOTIFY_SOCKET"] = systemd.Address });

        Assert.False(notifier.NotifyReady());
        Assert.False(notifier.NotifyWatchdog());
        Assert.False(notifier.NotifyWatchdog());
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);

        systemd.Bind();
        Assert.True(notifier.NotifyWatchdog());
        Assert.Equal("WATCHDOG=1", systemd.Receive());
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("again", StringComparison.Ordinal));
    }

    [Fact]
    public void After_dispose_nothing_is_sent()
    {
        using var systemd = NotifySocket.InTempDirectory();
        var notifier = Notifier(new() { ["NOTIFY_SOCKET"] = systemd.Address });
        notifier.Dispose();

        Assert.False(notifier.NotifyStopping());
        Assert.Empty(systemd.Drain());
    }
}
