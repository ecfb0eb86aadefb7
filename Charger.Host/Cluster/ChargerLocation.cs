using Akka.Actor;

namespace Charger.Host.Cluster;

/// <summary>Where a charger of the site lives: the node (cluster address) whose USB port holds its ESP32.</summary>
public sealed record ChargerLocation(string ChargerId, Address Node);
