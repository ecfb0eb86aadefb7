namespace Charger.Actors.Metering;

/// <summary>What a register measures, in the unit the runtime keeps it in (after the register's scale).</summary>
public enum MeterQuantity
{
    /// <summary>Total active energy imported, Wh (the billing register: absolute, never reset by us).</summary>
    EnergyImport,

    /// <summary>Total active power, W.</summary>
    PowerTotal,

    /// <summary>Active power of one phase, W.</summary>
    Power,

    /// <summary>Current of one phase, A.</summary>
    Current,

    /// <summary>Line-to-neutral voltage of one phase, V.</summary>
    Voltage,
}
