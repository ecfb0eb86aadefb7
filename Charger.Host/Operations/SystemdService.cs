using Charger.Actors.Serial;
using Charger.Host.Daemon;
using Charger.Host.Systemd;

namespace Charger.Host.Operations;

/// <summary>
/// The daemon's side of <c>Type=notify</c>: <c>READY=1</c> with a status line once the actor runtime
/// has started and Kestrel listens (<see cref="IHostApplicationLifetime.ApplicationStarted"/>), a new
/// <c>STATUS=</c> whenever a charger's link goes up or down, <c>WATCHDOG=1</c> through
/// <see cref="SystemdWatchdog"/> only while the actor system runs, and <c>STOPPING=1</c> as shutdown
/// begins. Without <c>$NOTIFY_SOCKET</c> it does nothing at all.
/// </summary>
public sealed class SystemdService(
    SystemdNotifier notifier, ChargerRuntime runtime, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SystemdService> logger)
    : IHostedService, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<(LinkMonitor Monitor, Action<LinkState> Handler)> _linkHandlers = [];
    private SystemdWatchdog? _watchdog;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!notifier.IsEnabled) return Task.CompletedTask;
        _subscriptions.Add(lifetime.ApplicationStarted.Register(OnStarted));
        _subscriptions.Add(lifetime.ApplicationStopping.Register(() => notifier.NotifyStopping()));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_linkHandlers)
        {
            foreach (var (monitor, handler) in _linkHandlers) monitor.Changed -= handler;
            _linkHandlers.Clear();
        }
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _subscriptions.Clear();
        _watchdog?.Dispose();
        _watchdog = null;
    }

    private void OnStarted()
    {
        lock (_linkHandlers)
        {
            foreach (var handle in runtime.Registry.All)
            {
                var wasUp = handle.Link.Current.IsUp;
                Action<LinkState> handler = state =>
                {
                    // Every failed reconnect attempt is a change too; systemd hears only of up and down.
                    lock (_linkHandlers)
                    {
                        if (state.IsUp == wasUp) return;
                        wasUp = state.IsUp;
                    }
                    notifier.NotifyStatus(StatusLine());
                };
                handle.Link.Changed += handler;
                _linkHandlers.Add((handle.Link, handler));
            }
        }
        notifier.NotifyReady(StatusLine());
        _watchdog = new SystemdWatchdog(notifier, () => runtime.IsRunning, time, logger);
        _watchdog.Start();
    }

    /// <summary>What <c>systemctl status</c> shows, e.g. "cp-1 link up; cp-2 link down (3 attempts)".</summary>
    private string StatusLine()
    {
        var chargers = runtime.Registry.All;
        if (chargers.Count == 0) return "no chargers";
        return string.Join("; ", chargers.Select(h =>
        {
            var link = h.Link.Current;
            return link.IsUp ? $"{h.Id} link up" : $"{h.Id} link down ({link.ReconnectAttempts} attempts)";
        }));
    }
}
