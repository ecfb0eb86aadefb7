namespace Charger.Actors.Metering;

/// <summary>
/// The meter's energy register as other parts read it (sessions, OCPP's meterStart/meterStop and
/// Energy.Active.Import.Register): the latest value in Wh with when it was read, and whether it is still fresh.
/// Null when the charger has no meter or none has been read yet. Thread-safe.
/// </summary>
public interface IEnergyRegister
{
    EnergyRegisterValue? Read();

    /// <summary>The last complete reading (power, current per phase...) while it is fresh; null otherwise or without a meter.</summary>
    MeterReading? FreshReading();
}

/// <param name="Wh">The meter's total import register, Wh (absolute: survives our restarts).</param>
/// <param name="ReadAt">When the meter answered.</param>
/// <param name="Fresh">False once it is older than the meter's stale-after, or the meter link is down.</param>
public sealed record EnergyRegisterValue(double Wh, DateTimeOffset ReadAt, bool Fresh);

/// <summary>A charger without a meter: nothing to read.</summary>
public sealed class NoEnergyRegister : IEnergyRegister
{
    public static readonly NoEnergyRegister Instance = new();

    public EnergyRegisterValue? Read() => null;

    public MeterReading? FreshReading() => null;
}
