namespace Charger.Actors.Simulation;

/// <summary>Settings of an <see cref="Esp32Simulator"/>.</summary>
public sealed record Esp32SimulatorOptions
{
    /// <summary>The firmware model's timings and EEPROM contents.</summary>
    public Esp32FirmwareOptions Firmware { get; init; } = new();

    /// <summary>Seed of the <see cref="FaultInjector"/>'s random streams.</summary>
    public int FaultSeed { get; init; } = 1;

    /// <summary>Interval between two power-board status packets (not documented for the real board).</summary>
    public TimeSpan PowerBoardPacketInterval { get; init; } = SimulatedPowerBoard.DefaultPacketInterval;
}
