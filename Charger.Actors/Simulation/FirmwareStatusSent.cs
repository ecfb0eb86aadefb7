namespace Charger.Actors.Simulation;

/// <summary>A STAT frame the firmware printed: when, the state it showed, and the loop pass it came in (step 7 to step 7).</summary>
public sealed record FirmwareStatusSent(DateTimeOffset At, FirmwareState State, TimeSpan LoopPass);
