namespace Charger.Actors.Metering.Modbus;

/// <summary>A slave's answer to a read: its registers, or an exception response.</summary>
public abstract record ModbusResponse(byte Address, ModbusFunction Function)
{
    /// <summary>The frame on the wire, CRC included (the slave side: the meter simulator).</summary>
    public abstract byte[] Encode();
}

/// <summary>The registers asked for, in order.</summary>
public sealed record ModbusRegisters(byte Address, ModbusFunction Function, ushort[] Registers) : ModbusResponse(Address, Function)
{
    public override byte[] Encode()
    {
        if (Registers.Length is 0 or > ModbusRequest.MaxCount)
            throw new ArgumentOutOfRangeException(nameof(Registers), Registers.Length, $"A response carries 1..{ModbusRequest.MaxCount} registers.");
        var frame = new byte[3 + 2 * Registers.Length + 2];
        frame[0] = Address;
        frame[1] = (byte)Function;
        frame[2] = (byte)(2 * Registers.Length);
        for (var i = 0; i < Registers.Length; i++)
        {
            frame[3 + 2 * i] = (byte)(Registers[i] >> 8);
            frame[4 + 2 * i] = (byte)Registers[i];
        }
        ModbusCrc.Append(frame);
        return frame;
    }
}

/// <summary>An exception response: the function code with its high bit set and one exception code.</summary>
public sealed record ModbusExceptionResponse(byte Address, ModbusFunction Function, byte Code) : ModbusResponse(Address, Function)
{
    public override byte[] Encode()
    {
        var frame = new byte[5];
        frame[0] = Address;
        frame[1] = (byte)((byte)Function | 0x80);
        frame[2] = Code;
        ModbusCrc.Append(frame);
        return frame;
    }

    public string Description => ModbusExceptionCode.Describe(Code);
}
