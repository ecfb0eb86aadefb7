using Charger.Actors.Metering.Modbus;

namespace Charger.Actors.Metering;

/// <summary>
/// A meter model's registers and how they are read: grouped into as few requests as the model allows
/// (<see cref="MaxGap"/> unused registers may be read between two values; Eastron answers them, ABB may not).
/// The named models' maps come from the makers' public Modbus protocol documents; every address is the
/// 0-based register number on the wire (Eastron's "30073" is input register 0x0048).
/// </summary>
public sealed record RegisterMap(string Name, IReadOnlyList<MeterRegister> Registers, int MaxGap = 0)
{
    /// <summary>The most registers one of our requests asks for (Eastron: at most 40 parameters, 80 registers, per read).</summary>
    public const int MaxBlock = 40;

    /// <summary>
    /// Eastron SDM120-Modbus (protocol v2.x, "Input register parameter address"): FC 04, IEEE-754 floats, 2 registers each.
    /// 30001 voltage V, 30007 current A, 30013 active power W, 30073 import active energy kWh.
    /// </summary>
    public static RegisterMap Sdm120 { get; } = new("sdm120",
    [
        new(MeterQuantity.Voltage, 1, ModbusFunction.ReadInputRegisters, 0x0000, RegisterEncoding.Float32, 1),
        new(MeterQuantity.Current, 1, ModbusFunction.ReadInputRegisters, 0x0006, RegisterEncoding.Float32, 1),
        new(MeterQuantity.Power, 1, ModbusFunction.ReadInputRegisters, 0x000C, RegisterEncoding.Float32, 1),
        new(MeterQuantity.EnergyImport, 0, ModbusFunction.ReadInputRegisters, 0x0048, RegisterEncoding.Float32, 1000),
    ], MaxGap: 8);

    /// <summary>
    /// Eastron SDM630-Modbus V2 (input registers, FC 04, IEEE-754 floats): 30001/3/5 phase 1..3 line-to-neutral volts,
    /// 30007/9/11 phase currents A, 30013/15/17 phase active power W, 30053 total system power W, 30073 import active energy kWh.
    /// </summary>
    public static RegisterMap Sdm630 { get; } = new("sdm630",
    [
        new(MeterQuantity.Voltage, 1, ModbusFunction.ReadInputRegisters, 0x0000, RegisterEncoding.Float32, 1),
        new(MeterQuantity.Voltage, 2, ModbusFunction.ReadInputRegisters, 0x0002, RegisterEncoding.Float32, 1),
        new(MeterQuantity.Voltage, 3, ModbusFunction.ReadInputRegisters, 0x0004, RegisterEncoding.Float32, 1),
        new(MeterQuantity.Current, 1, ModbusFunction.ReadInputRegisters, 0x0006, RegisterEncoding.Float32, 1),
        new(MeterQuantity.Current, 2, ModbusFunction.ReadInputRegisters, 0x0008, RegisterEncoding.Float32, 1),
        new(MeterQuantity.Current, 3, ModbusFunction.ReadInputRegisters, 0x000A, RegisterEncoding.Float32, 1),
        new(MeterQuantity.Power, 1, ModbusFunction.ReadInputRegisters, 0x000C, RegisterEncoding.Float32, 1),
        new(MeterQuantity.Power, 2, ModbusFunction.ReadInputRegisters, 0x000E, RegisterEncoding.Float32, 1),
        new(MeterQuantity.Power, 3, ModbusFunction.ReadInputRegisters, 0x0010, RegisterEncoding.Float32, 1),
        new(MeterQuantity.PowerTotal, 0, ModbusFunction.ReadInputRegisters, 0x0034, RegisterEncoding.Float32, 1),
        new(MeterQuantity.EnergyImport, 0, ModbusFunction.ReadInputRegisters, 0x0048, RegisterEncoding.Float32, 1000),
    ], MaxGap: 8);

    /// <summary>
    /// ABB B21/B23/B24 (user manual, "Modbus mapping tables"): holding registers, FC 03, integers with fixed resolution.
    /// 0x5000 active import energy total (4 registers, unsigned, 0.01 kWh); 0x5B00/02/04 voltage L1..L3-N (unsigned, 0.1 V);
    /// 0x5B0C/0E/10 current L1..L3 (unsigned, 0.01 A); 0x5B14 active power total, 0x5B16/18/1A per phase (signed, 0.01 W).
    /// Read only where values are: ABB answers "illegal data address" for reserved registers.
    /// </summary>
    public static RegisterMap AbbB23 { get; } = new("abb-b23",
    [
        new(MeterQuantity.EnergyImport, 0, ModbusFunction.ReadHoldingRegisters, 0x5000, RegisterEncoding.UInt64, 10),
        new(MeterQuantity.Voltage, 1, ModbusFunction.ReadHoldingRegisters, 0x5B00, RegisterEncoding.UInt32, 0.1),
        new(MeterQuantity.Voltage, 2, ModbusFunction.ReadHoldingRegisters, 0x5B02, RegisterEncoding.UInt32, 0.1),
        new(MeterQuantity.Voltage, 3, ModbusFunction.ReadHoldingRegisters, 0x5B04, RegisterEncoding.UInt32, 0.1),
        new(MeterQuantity.Current, 1, ModbusFunction.ReadHoldingRegisters, 0x5B0C, RegisterEncoding.UInt32, 0.01),
        new(MeterQuantity.Current, 2, ModbusFunction.ReadHoldingRegisters, 0x5B0E, RegisterEncoding.UInt32, 0.01),
        new(MeterQuantity.Current, 3, ModbusFunction.ReadHoldingRegisters, 0x5B10, RegisterEncoding.UInt32, 0.01),
        new(MeterQuantity.PowerTotal, 0, ModbusFunction.ReadHoldingRegisters, 0x5B14, RegisterEncoding.Int32, 0.01),
        new(MeterQuantity.Power, 1, ModbusFunction.ReadHoldingRegisters, 0x5B16, RegisterEncoding.Int32, 0.01),
        new(MeterQuantity.Power, 2, ModbusFunction.ReadHoldingRegisters, 0x5B18, RegisterEncoding.Int32, 0.01),
        new(MeterQuantity.Power, 3, ModbusFunction.ReadHoldingRegisters, 0x5B1A, RegisterEncoding.Int32, 0.01),
    ]);

    public static RegisterMap For(MeterModel model) => model switch
    {
        MeterModel.Sdm120 => Sdm120,
        MeterModel.Sdm630 => Sdm630,
        MeterModel.AbbB23 => AbbB23,
        _ => throw new ArgumentException($"meter.model {model} has no built-in register map; give meter.registers.", nameof(model)),
    };

    /// <summary>Throws with the key of the first problem (used for <c>custom</c> maps from the configuration).</summary>
    public void Validate(string key)
    {
        if (Registers.Count == 0) throw new ArgumentException($"{key} must list at least one register.");
        if (!Registers.Any(r => r.Quantity == MeterQuantity.EnergyImport))
            throw new ArgumentException($"{key} must have an energy-import register: sessions' energy comes from it.");
        foreach (var (r, i) in Registers.Select((r, i) => (r, i)))
        {
            var phased = r.Quantity is MeterQuantity.Power or MeterQuantity.Current or MeterQuantity.Voltage;
            if (phased ? r.Phase is < 1 or > 3 : r.Phase != 0)
                throw new ArgumentException($"{key}[{i}]: {r.Quantity} needs {(phased ? "a phase 1..3 (e.g. current-l1)" : "no phase")}.");
            if (!double.IsFinite(r.Scale) || r.Scale == 0) throw new ArgumentException($"{key}[{i}].scale must be a non-zero number, got {r.Scale}.");
            if (r.Address + r.Length > 0x10000) throw new ArgumentException($"{key}[{i}].address {r.Address} runs past register 65535.");
        }
        var duplicate = Registers.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"{key}: {duplicate.Key} is listed more than once.");
        if (MaxGap is < 0 or > MaxBlock) throw new ArgumentException($"{key}: the gap allowed between registers must be 0..{MaxBlock}, got {MaxGap}.");
    }

    /// <summary>
    /// The reads one poll makes: registers of one function grouped into blocks of at most <see cref="MaxBlock"/>, the energy
    /// register's block first. So a poll whose power reads zero proves no current flowed when its energy was read, which
    /// makes it a session's start register (the relay closes after it).
    /// </summary>
    public IReadOnlyList<RegisterBlock> Blocks()
    {
        var blocks = new List<RegisterBlock>();
        foreach (var byFunction in Registers.GroupBy(r => r.Function))
        {
            List<MeterRegister> current = [];
            foreach (var register in byFunction.OrderBy(r => r.Address))
            {
                if (current.Count > 0)
                {
                    var start = current[0].Address;
                    var end = current.Max(r => r.Address + r.Length);
                    if (register.Address - end > MaxGap || register.Address + register.Length - start > MaxBlock)
                    {
                        blocks.Add(new RegisterBlock(byFunction.Key, current));
                        current = [];
                    }
                }
                current.Add(register);
            }
            if (current.Count > 0) blocks.Add(new RegisterBlock(byFunction.Key, current));
        }
        return [.. blocks.OrderByDescending(b => b.Registers.Any(r => r.Quantity == MeterQuantity.EnergyImport))];
    }
}

/// <summary>Registers read with one request.</summary>
public sealed record RegisterBlock(ModbusFunction Function, IReadOnlyList<MeterRegister> Registers)
{
    public ushort Start => Registers[0].Address;

    public ushort Count => (ushort)(Registers.Max(r => r.Address + r.Length) - Start);

    public ModbusRequest Request(byte address) => new(address, Function, Start, Count);
}
