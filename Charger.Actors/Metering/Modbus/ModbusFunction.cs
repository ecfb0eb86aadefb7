namespace Charger.Actors.Metering.Modbus;

/// <summary>The two Modbus function codes a meter needs (our master speaks no others).</summary>
public enum ModbusFunction : byte
{
    /// <summary>FC 03: ABB B2x and most meters with integer registers.</summary>
    ReadHoldingRegisters = 0x03,

    /// <summary>FC 04: Eastron SDM's measurement registers (IEEE-754 floats).</summary>
    ReadInputRegisters = 0x04,
}
