namespace Charger.Actors.Simulation;

/// <summary>What the simulated meter does wrong, switchable while it runs (<see cref="MeterSimulator.Faults"/>).</summary>
/// <param name="NoAnswer">It stays silent (unpowered, wrong address, A/B swapped).</param>
/// <param name="CorruptCrc">Its answers arrive with a wrong CRC (noise, missing termination).</param>
/// <param name="ExceptionCode">It answers every read with this exception code instead of registers.</param>
/// <param name="GarbageBefore">This many noise bytes precede every answer (the master must resynchronise).</param>
public sealed record MeterFaults(bool NoAnswer = false, bool CorruptCrc = false, byte? ExceptionCode = null, int GarbageBefore = 0)
{
    public static readonly MeterFaults None = new();
}
