namespace Charger.Actors.Charging;

/// <summary>
/// The tracker's latest status and whether it may be trusted, readable from any thread (health
/// checks, HTTP) without asking the tracker. Freshness is computed when read, from the clock, so a
/// status goes stale on time even if nobody tells the monitor. Like the <see cref="Serial.LinkMonitor"/>
/// it belongs to the charger and is written only by the <see cref="StateTrackerActor"/>.
/// </summary>
public sealed class StatusMonitor(TimeSpan staleAfter, TimeProvider time)
{
    // One immutable value, replaced as a whole: readers never see a status with another one's trust.
    private sealed record Reading(ChargerStatus? Status, bool Trusted)
    {
        public static readonly Reading Empty = new(null, false);
    }

    private Reading _reading = Reading.Empty;

    public TimeSpan StaleAfter => staleAfter;

    /// <summary>The latest status, kept through link outages (null before the first one).</summary>
    public ChargerStatus? Last => Volatile.Read(ref _reading).Status;

    /// <summary>The latest status's freshness now (see <see cref="FreshnessAt"/>).</summary>
    public StatusFreshness Freshness => FreshnessAt(time.GetUtcNow());

    /// <summary>
    /// Unknown with no status, and from a link change until the next status (what came before an
    /// outage says nothing about now); otherwise fresh or stale by the status's age.
    /// </summary>
    public StatusFreshness FreshnessAt(DateTimeOffset now)
    {
        var reading = Volatile.Read(ref _reading);
        return reading is { Status: { } status, Trusted: true } ? status.FreshnessAt(now, staleAfter) : StatusFreshness.Unknown;
    }

    /// <summary>A status arrived over a live link.</summary>
    internal void Received(ChargerStatus status) => Volatile.Write(ref _reading, new Reading(status, true));

    /// <summary>The link went down or came back: the status is kept but not trusted until the next one.</summary>
    internal void LinkChanged()
    {
        var reading = Volatile.Read(ref _reading);
        if (reading.Trusted) Volatile.Write(ref _reading, reading with { Trusted = false });
    }

    /// <summary>A new tracker starts knowing nothing; so does the monitor.</summary>
    internal void Reset() => Volatile.Write(ref _reading, Reading.Empty);
}
