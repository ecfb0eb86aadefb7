namespace Charger.Host.Operations;

/// <summary>READY/STATUS/STOPPING/WATCHDOG to systemd. (Skeleton: filled in by the operations work.)</summary>
public sealed class SystemdService : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
