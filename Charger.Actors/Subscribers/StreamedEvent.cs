using Charger.Actors.Charging;

namespace Charger.Actors.Subscribers;

/// <summary>An event as the live stream carries it: <see cref="Id"/> orders all chargers' events and is the SSE id.</summary>
public readonly record struct StreamedEvent(long Id, ChargerEvent Event);
