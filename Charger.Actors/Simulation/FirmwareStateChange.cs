namespace Charger.Actors.Simulation;

/// <summary>One change of the firmware's state as the simulator recorded it, at the simulator clock's time.</summary>
public sealed record FirmwareStateChange(DateTimeOffset At, FirmwareState From, FirmwareState To);
