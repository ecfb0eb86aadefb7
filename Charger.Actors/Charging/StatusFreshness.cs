namespace Charger.Actors.Charging;

/// <summary>How much a status can be trusted for decisions.</summary>
public enum StatusFreshness
{
    /// <summary>No status has been received (since start, or since the link came back).</summary>
    Unknown,

    /// <summary>Received within <c>stale-after</c>.</summary>
    Fresh,

    /// <summary>Older than <c>stale-after</c> (default 10 s, a little over the firmware's 7.5 s push).</summary>
    Stale,
}
