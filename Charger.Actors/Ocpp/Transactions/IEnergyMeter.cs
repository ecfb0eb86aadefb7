namespace Charger.Actors.Ocpp.Transactions;

/// <summary>
/// Where a transaction's meterStart and meterStop come from. Until a meter exists (the Modbus meter, wired in
/// separately) it is <see cref="NoEnergyMeter"/>: both are 0 Wh, as OCPP allows for a charge point without a meter.
/// </summary>
public interface IEnergyMeter
{
    /// <summary>The energy register in Wh now, or null when there is no meter reading.</summary>
    int? ReadWattHours();
}

/// <summary>No meter: every reading is absent, so transactions report 0 Wh.</summary>
public sealed class NoEnergyMeter : IEnergyMeter
{
    public static readonly NoEnergyMeter Instance = new();

    public int? ReadWattHours() => null;
}
