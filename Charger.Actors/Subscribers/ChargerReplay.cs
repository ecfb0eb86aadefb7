using Charger.Actors.Charging;

namespace Charger.Actors.Subscribers;

/// <summary>
/// One charger's kept events after a resume point (<see cref="ChargerEventHub.ReplayOf"/>), oldest first.
/// <paramref name="Gap"/>: some events after that point are gone (left the window, happened before this hub heard of the
/// charger, or the point is from an earlier run of the charger's node, in which case every kept event is in
/// <paramref name="Events"/>). <paramref name="Last"/> is the newest sequence the hub has of the charger (0: none).
/// </summary>
public sealed record ChargerReplay(string ChargerId, ChargerEvent[] Events, bool Gap, long Last);
