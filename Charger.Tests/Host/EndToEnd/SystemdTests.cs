using Charger.Tests.Host.Systemd;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>
/// The real daemon under a pretend systemd: a bound datagram socket given as NOTIFY_SOCKET to
/// Microsoft.Extensions.Hosting.Systemd's notifier (set in the process only while the notifier is made, so these
/// tests run alone), with a watchdog of 400 ms.
/// </summary>
[Collection(NotifySocketCollection.Name)]
public sealed class SystemdTests : IDisposable
{
    private readonly NotifySocket _systemd = NotifySocket.InTempDirectory();

    public void Dispose() => _systemd.Dispose();

    private Func<string, string?> Environment() => name => name switch
    {
        "WATCHDOG_USEC" => "400000",
        _ => null,
    };

    /// <summary>Datagrams until one matches (each wait is bounded by the socket's 5 s receive timeout).</summary>
    private List<string> ReceiveUntil(Func<string, bool> match)
    {
        var received = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var datagram = _systemd.Receive();
            received.Add(datagram);
            if (match(datagram)) return received;
        }
        throw new TimeoutException($"No matching notification; got: [{string.Join(" | ", received)}]");
    }

    [Fact]
    public async Task The_daemon_says_ready_pings_the_watchdog_reports_its_link_and_says_stopping()
    {
        var daemon = await RunningDaemon.StartAsync(environment: Environment(), systemd: _systemd.Notifier());
        try
        {
            // READY=1 from the package's SystemdLifetime, and our status line, both as the host has started.
            static bool IsStatus(string d) => System.Text.RegularExpressions.Regex.IsMatch(d, @"^STATUS=cp-1 link (up|down \(\d+ attempts\))$");
            var started = ReceiveUntil(d => d == "READY=1");
            if (!started.Any(IsStatus)) ReceiveUntil(IsStatus);
            // READY=1 comes once Kestrel listens: the API answers by now.
            Assert.True((await daemon.Anonymous.GetAsync("/health/live")).IsSuccessStatusCode);

            ReceiveUntil(d => d == "WATCHDOG=1");
            ReceiveUntil(d => d == "WATCHDOG=1"); // and keeps pinging

            await daemon.AwaitStateAsync(1); // link up: a status arrived
            daemon.Device.Execute("disappear");
            ReceiveUntil(d => d.StartsWith("STATUS=cp-1 link down", StringComparison.Ordinal));
            daemon.Device.Execute("reappear");
            ReceiveUntil(d => d == "STATUS=cp-1 link up");
        }
        finally
        {
            await daemon.DisposeAsync();
        }
        ReceiveUntil(d => d == "STOPPING=1");
    }
}
