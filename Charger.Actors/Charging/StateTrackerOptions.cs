namespace Charger.Actors.Charging;

/// <summary>Settings of a charger's state tracker.</summary>
public sealed record StateTrackerOptions
{
    /// <summary>A status older than this is stale (the firmware pushes every 7.5 s; we poll every 1 s).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>What to do about an authorization left over with nothing plugged in (default: report only).</summary>
    public LeftoverAuthorizationPolicy LeftoverAuthorization { get; init; } = LeftoverAuthorizationPolicy.ReportOnly;

    public void Validate()
    {
        if (StaleAfter <= TimeSpan.Zero) throw new ArgumentException($"charger.stale-after must be positive, got {StaleAfter}.");
    }
}
