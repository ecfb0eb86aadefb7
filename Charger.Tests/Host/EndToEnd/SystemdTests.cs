using Charger.Tests.Host.Systemd;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>
/// The real daemon under a pretend systemd: a bound datagram socket given as NOTIFY_SOCKET (to this
/// daemon only, not to the test process), with a watchdog of 400 ms.
/// </summary>
public sealed class SystemdTests : IDisposable
{
    private readonly NotifySocket _systemd = NotifySocket.InTempDirectory();

    public void Dispose() => _systemd.Dispose();

    private Func<string, string?> Environment() => name => name switch
    {
        "NOTIFY_SOCKET" => _systemd.Address,
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
        var daemon = await RunningDaemon.StartAsync(environment: Environment());
        try
        {
            var ready = ReceiveUntil(d => d.StartsWith("READY=1", StringComparison.Ordinal)).Last();
            Assert.Matches(@"^READY=1\nSTATUS=cp-1 link (up|down \(\d+ attempts\))$", ready);
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
