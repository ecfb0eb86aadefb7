namespace Charger.Actors.Metering.Modbus;

/// <summary>
/// The slave side's framing (the meter simulator): finds 8-byte FC 03/04 requests in what a master writes,
/// dropping bytes until address, function and CRC fit, as <see cref="ModbusResponseReader"/> does for answers.
/// Requests of other functions are returned as <see cref="Unsupported"/> so the slave can answer "illegal function".
/// </summary>
public sealed class ModbusRequestReader
{
    private readonly List<byte> _buffer = new(64);

    /// <summary>A well-formed frame of a function this slave does not serve: (address, function).</summary>
    public sealed record Unsupported(byte Address, byte Function);

    public long GarbageBytes { get; private set; }

    /// <summary>Adds bytes and returns every complete request (<see cref="ModbusRequest"/> or <see cref="Unsupported"/>) now in.</summary>
    public IReadOnlyList<object> Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) _buffer.Add(b);
        var found = new List<object>();
        while (_buffer.Count >= ModbusRequest.FrameLength)
        {
            var frame = _buffer.GetRange(0, ModbusRequest.FrameLength).ToArray();
            if (ModbusCrc.IsValid(frame) && frame[0] is >= 1 and <= 247)
            {
                _buffer.RemoveRange(0, ModbusRequest.FrameLength);
                found.Add(ModbusRequest.Decode(frame) ?? (object)new Unsupported(frame[0], frame[1]));
                continue;
            }
            _buffer.RemoveAt(0);
            GarbageBytes++;
        }
        return found;
    }
}
