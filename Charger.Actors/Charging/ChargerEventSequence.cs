namespace Charger.Actors.Charging;

/// <summary>
/// The event counter of one charger. It lives outside the tracker actor (like the link monitor), so a
/// restarted tracker goes on counting instead of reusing numbers consumers have already seen.
/// </summary>
public sealed class ChargerEventSequence
{
    private long _last;

    public long Last => Interlocked.Read(ref _last);

    public long Next() => Interlocked.Increment(ref _last);
}
