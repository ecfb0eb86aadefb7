using Charger.Actors.Charging;
using Charger.Actors.Subscribers;

namespace Charger.Host.Cluster;

/// <summary>
/// What a stream resuming from an <see cref="EventPosition"/> writes before its live events: per charger, the kept events
/// after the client's sequence (oldest first) and the chargers whose events after it are partly gone; and the position it
/// starts from. Built by <see cref="SiteEventReplay"/>.
/// </summary>
public sealed record EventResumePlan(EventPosition Start, IReadOnlyList<ChargerEvent> Events, IReadOnlyList<EventResumePlan.Gap> Gaps)
{
    /// <summary>The events of <paramref name="ChargerId"/> after <paramref name="After"/> are partly gone; its newest is <paramref name="Last"/>.</summary>
    public sealed record Gap(string ChargerId, long? After, long Last);

    /// <summary>A stream that starts now, with the newest sequence of each charger as its position: nothing to replay.</summary>
    public static EventResumePlan StartingAt(EventPosition position) => new(position, [], []);
}
