using Charger.Actors.Metering.Modbus;

namespace Charger.Actors.Metering;

/// <summary>
/// One value of a meter's register map: where it is (<paramref name="Function"/>, <paramref name="Address"/>, the
/// 0-based register number of the datasheet's tables), how it is encoded, and <paramref name="Scale"/>, which turns
/// the raw number into the quantity's unit (an Eastron float in kWh has scale 1000 to Wh; ABB's 0.01 kWh counter 10).
/// </summary>
/// <param name="Phase">1..3 for per-phase quantities, 0 for totals and energy.</param>
public sealed record MeterRegister(MeterQuantity Quantity, int Phase, ModbusFunction Function, ushort Address, RegisterEncoding Encoding, double Scale)
{
    public int Length => Encoding switch
    {
        RegisterEncoding.UInt16 or RegisterEncoding.Int16 => 1,
        RegisterEncoding.Float32 or RegisterEncoding.UInt32 or RegisterEncoding.Int32 => 2,
        RegisterEncoding.UInt64 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(Encoding), Encoding, null),
    };

    /// <summary>The value in the quantity's unit from <paramref name="registers"/> starting at this register's first word.</summary>
    public double Decode(ReadOnlySpan<ushort> registers)
    {
        var raw = Encoding switch
        {
            RegisterEncoding.UInt16 => registers[0],
            RegisterEncoding.Int16 => (short)registers[0],
            RegisterEncoding.UInt32 => (double)Word32(registers),
            RegisterEncoding.Int32 => (int)Word32(registers),
            RegisterEncoding.Float32 => BitConverter.UInt32BitsToSingle(Word32(registers)),
            RegisterEncoding.UInt64 => (double)((ulong)Word32(registers) << 32 | Word32(registers[2..])),
            _ => throw new ArgumentOutOfRangeException(nameof(Encoding), Encoding, null),
        };
        return raw * Scale;
    }

    /// <summary>The registers holding <paramref name="value"/> (in the quantity's unit): the meter simulator's side.</summary>
    public ushort[] Encode(double value)
    {
        var raw = value / Scale;
        return Encoding switch
        {
            RegisterEncoding.UInt16 => [(ushort)Math.Round(raw)],
            RegisterEncoding.Int16 => [(ushort)(short)Math.Round(raw)],
            RegisterEncoding.UInt32 => Split32((uint)Math.Round(raw)),
            RegisterEncoding.Int32 => Split32((uint)(int)Math.Round(raw)),
            RegisterEncoding.Float32 => Split32(BitConverter.SingleToUInt32Bits((float)raw)),
            RegisterEncoding.UInt64 => [.. Split32((uint)((ulong)Math.Round(raw) >> 32)), .. Split32((uint)(ulong)Math.Round(raw))],
            _ => throw new ArgumentOutOfRangeException(nameof(Encoding), Encoding, null),
        };
    }

    /// <summary>"energy-import", "current-l2": how the API and the configuration name it.</summary>
    public string Name => Quantity switch
    {
        MeterQuantity.EnergyImport => "energy-import",
        MeterQuantity.PowerTotal => "power",
        MeterQuantity.Power => $"power-l{Phase}",
        MeterQuantity.Current => $"current-l{Phase}",
        MeterQuantity.Voltage => $"voltage-l{Phase}",
        _ => Quantity.ToString(),
    };

    private static uint Word32(ReadOnlySpan<ushort> registers) => (uint)registers[0] << 16 | registers[1];

    private static ushort[] Split32(uint value) => [(ushort)(value >> 16), (ushort)value];
}
