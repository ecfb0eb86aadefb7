namespace Charger.Actors.Charging;

/// <summary>
/// The event counter of one charger. It lives outside the tracker actor (like the link monitor), so a
/// restarted tracker goes on counting instead of reusing numbers consumers have already seen. It also
/// counts events by type, for metrics, without asking the tracker.
/// </summary>
public sealed class ChargerEventSequence
{
    private static readonly ChargerEventType[] Types = Enum.GetValues<ChargerEventType>();

    private readonly long[] _byType = new long[Types.Max(t => (int)t) + 1];
    private long _last;

    public long Last => Interlocked.Read(ref _last);

    /// <summary>The next sequence number, for an event of <paramref name="type"/>.</summary>
    public long Next(ChargerEventType type)
    {
        Interlocked.Increment(ref _byType[(int)type]);
        return Interlocked.Increment(ref _last);
    }

    /// <summary>Events numbered so far of <paramref name="type"/>.</summary>
    public long CountOf(ChargerEventType type) => Interlocked.Read(ref _byType[(int)type]);

    /// <summary>Every type with its count so far (zeros included, so a rate has a starting point).</summary>
    public IEnumerable<(ChargerEventType Type, long Count)> Counts() => Types.Select(t => (t, CountOf(t)));
}
