using Charger.Actors.Metering;

namespace Charger.Actors.Ocpp.Transactions;

/// <summary>
/// What a transaction's MeterValues reports from the charger's meter, kept in the ledger with the sample (the reading
/// when it was taken, not when the message finally goes out). Values the meter does not have are null.
/// </summary>
/// <param name="EnergyWh">The import register, Wh (Energy.Active.Import.Register).</param>
/// <param name="PowerW">Total active power, W (Power.Active.Import).</param>
/// <param name="CurrentL1A">Current of phase L1, A (Current.Import); L2 and L3 null on a single-phase meter.</param>
public sealed record MeterSample(double? EnergyWh, double? PowerW, double? CurrentL1A, double? CurrentL2A, double? CurrentL3A)
{
    public static MeterSample From(MeterReading reading) => new(reading.EnergyImportWh, reading.PowerW,
        reading.CurrentA.ElementAtOrDefault(0), reading.CurrentA.ElementAtOrDefault(1), reading.CurrentA.ElementAtOrDefault(2));
}
