namespace Charger.Actors.Charging;

/// <summary>Thrown by a <see cref="ChargerSupervisor"/> asked to restart (a soft reset), so its supervisor restarts it.</summary>
public sealed class ChargerRestartRequestedException(string chargerId)
    : Exception($"charger {chargerId}: restart requested (soft reset)");
