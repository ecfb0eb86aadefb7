namespace Charger.Actors.Subscribers;

/// <summary>The monitors of one charger's subscribers, by name, in the order they were defined.</summary>
public sealed class SubscriberMonitors(string chargerId)
{
    private readonly Lock _lock = new();
    private readonly List<SubscriberMonitor> _all = [];

    public string ChargerId { get; } = chargerId;

    public SubscriberMonitor For(string name)
    {
        lock (_lock)
        {
            var existing = _all.Find(m => m.Name == name);
            if (existing is not null) return existing;
            var monitor = new SubscriberMonitor(ChargerId, name);
            _all.Add(monitor);
            return monitor;
        }
    }

    /// <summary>The monitors themselves, for what a snapshot does not hold (the mailbox depth).</summary>
    public IReadOnlyList<SubscriberMonitor> All
    {
        get
        {
            lock (_lock) return [.. _all];
        }
    }

    public IReadOnlyList<SubscriberSnapshot> Snapshot()
    {
        lock (_lock) return [.. _all.Select(m => m.Snapshot())];
    }
}
