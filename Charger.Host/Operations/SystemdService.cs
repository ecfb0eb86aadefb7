using Charger.Actors.Serial;
using Charger.Host.Daemon;
using Charger.Host.Systemd;
using Microsoft.Extensions.Hosting.Systemd;

namespace Charger.Host.Operations;

/// <summary>
/// The daemon's side of <c>Type=notify</c> beyond what Microsoft.Extensions.Hosting.Systemd's
/// <see cref="SystemdLifetime"/> does (<c>READY=1</c> once the host has started, the actor runtime and Kestrel
/// included, and <c>STOPPING=1</c> as shutdown begins): a <c>STATUS=</c> line for <c>systemctl status</c> at start
/// and whenever a charger's link goes up or down, and <c>WATCHDOG=1</c> through <see cref="SystemdWatchdog"/>
/// only while the actor tree is healthy (<see cref="ActorTreeHealth"/>: the system runs and every charger's supervisor
/// answers within half the ping interval; a serial link being down does not count). Everything goes through the package's <see cref="ISystemdNotifier"/>;
/// without <c>$NOTIFY_SOCKET</c> it does nothing at all.
/// </summary>
/// <param name="watchdogInterval">How often to ping (<see cref="SystemdWatchdog.PingInterval"/>); null for no watchdog.</param>
public sealed class SystemdService(
    ISystemdNotifier notifier, ChargerRuntime runtime, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SystemdService> logger,
    TimeSpan? watchdogInterval)
    : IHostedService, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<(LinkMonitor Monitor, Action<LinkState> Handler)> _linkHandlers = [];
    private SystemdWatchdog? _watchdog;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!notifier.IsEnabled) return Task.CompletedTask;
        _subscriptions.Add(lifetime.ApplicationStarted.Register(OnStarted));
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
                    NotifyStatus();
                };
                handle.Link.Changed += handler;
                _linkHandlers.Add((handle.Link, handler));
            }
        }
        NotifyStatus();
        _watchdog = new SystemdWatchdog(notifier, new ActorTreeHealth(() => runtime.IsRunning, runtime.Registry).IsHealthyAsync, time, logger, watchdogInterval);
        _watchdog.Start();
    }

    private void NotifyStatus()
    {
        // The protocol is one assignment per line: a newline inside a status would start a bogus assignment.
        try
        {
            notifier.Notify(new ServiceState("STATUS=" + StatusLine().ReplaceLineEndings(" ")));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // A status is informational; the watchdog reports an unreachable socket once.
            logger.LogDebug(e, "Cannot send the status to systemd");
        }
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
