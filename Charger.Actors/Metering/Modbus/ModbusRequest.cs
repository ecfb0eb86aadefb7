namespace Charger.Actors.Metering.Modbus;

/// <summary>A read request: <paramref name="Count"/> registers from <paramref name="Start"/> of slave <paramref name="Address"/>.</summary>
public sealed record ModbusRequest(byte Address, ModbusFunction Function, ushort Start, ushort Count)
{
    /// <summary>The most registers one read may ask for (Modbus application protocol 6.3/6.4: 125).</summary>
    public const int MaxCount = 125;

    /// <summary>Request frames of FC 03/04 are always 8 bytes: address, function, start, count, CRC.</summary>
    public const int FrameLength = 8;

    /// <summary>The 8 bytes on the wire (big-endian fields, CRC low byte first).</summary>
    public byte[] Encode()
    {
        if (Address is 0 or > 247) throw new ArgumentOutOfRangeException(nameof(Address), Address, "A Modbus slave address is 1..247.");
        if (Count is 0 or > MaxCount) throw new ArgumentOutOfRangeException(nameof(Count), Count, $"A read asks for 1..{MaxCount} registers.");
        var frame = new byte[FrameLength];
        frame[0] = Address;
        frame[1] = (byte)Function;
        frame[2] = (byte)(Start >> 8);
        frame[3] = (byte)Start;
        frame[4] = (byte)(Count >> 8);
        frame[5] = (byte)Count;
        ModbusCrc.Append(frame);
        return frame;
    }

    /// <summary>Reads a request frame (the slave side: the meter simulator); null unless it is a valid FC 03/04 read.</summary>
    public static ModbusRequest? Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != FrameLength || !ModbusCrc.IsValid(frame)) return null;
        if (frame[1] is not ((byte)ModbusFunction.ReadHoldingRegisters or (byte)ModbusFunction.ReadInputRegisters)) return null;
        return new ModbusRequest(frame[0], (ModbusFunction)frame[1], (ushort)(frame[2] << 8 | frame[3]), (ushort)(frame[4] << 8 | frame[5]));
    }

    public override string ToString() => $"slave {Address} FC{(byte)Function:00} {Start}+{Count}";
}
