namespace Charger.Actors.Metering.Modbus;

/// <summary>
/// Finds the answer to one outstanding request in the bytes that arrive, however they are chunked. RTU frames
/// have no delimiter we can see through a USB adapter (the 3.5-character gap is lost in its buffering), so a
/// frame is recognised by what it must be: the request's address, its function (or the function with the
/// exception bit), the byte count the request implies, and a valid CRC. Anything else at the head of the
/// buffer is dropped one byte at a time (counted as <see cref="GarbageBytes"/>), which resynchronises on line
/// noise, a half frame left over from a timed-out request, or an echo of our own request on a 2-wire adapter.
/// </summary>
public sealed class ModbusResponseReader
{
    private readonly List<byte> _buffer = new(64);
    private ModbusRequest? _expected;

    /// <summary>Bytes dropped because no valid answer started with them.</summary>
    public long GarbageBytes { get; private set; }

    /// <summary>Candidate frames (right address, function and length) whose CRC did not match.</summary>
    public long CrcErrors { get; private set; }

    /// <summary>Starts waiting for the answer to <paramref name="request"/>; whatever was buffered is stale and dropped.</summary>
    public void Expect(ModbusRequest request)
    {
        GarbageBytes += _buffer.Count;
        _buffer.Clear();
        _expected = request;
    }

    /// <summary>Gives up on the outstanding request (it timed out): late bytes of its answer become garbage.</summary>
    public void Abandon() => _expected = null;

    /// <summary>Adds received bytes; returns the answer once a whole valid one is in, else null.</summary>
    public ModbusResponse? Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) _buffer.Add(b);
        if (_expected is not { } request)
        {
            GarbageBytes += _buffer.Count;
            _buffer.Clear();
            return null;
        }
        while (_buffer.Count >= 5)
        {
            var length = CandidateLength(request);
            if (length == 0)
            {
                Drop(1);
                continue;
            }
            if (_buffer.Count < length) return null;
            var frame = _buffer.GetRange(0, length).ToArray();
            if (!ModbusCrc.IsValid(frame))
            {
                CrcErrors++;
                Drop(1);
                continue;
            }
            _buffer.RemoveRange(0, length);
            _expected = null;
            GarbageBytes += _buffer.Count; // nothing may follow an answer
            _buffer.Clear();
            return frame[1] == (byte)request.Function
                ? new ModbusRegisters(request.Address, request.Function, Registers(frame))
                : new ModbusExceptionResponse(request.Address, request.Function, frame[2]);
        }
        return null;
    }

    /// <summary>The length of the frame the head of the buffer would be, or 0 if it cannot be the answer.</summary>
    private int CandidateLength(ModbusRequest request)
    {
        if (_buffer[0] != request.Address) return 0;
        if (_buffer[1] == ((byte)request.Function | 0x80)) return 5;
        if (_buffer[1] != (byte)request.Function) return 0;
        return _buffer[2] == 2 * request.Count ? 3 + 2 * request.Count + 2 : 0;
    }

    private void Drop(int count)
    {
        _buffer.RemoveRange(0, count);
        GarbageBytes += count;
    }

    private static ushort[] Registers(byte[] frame)
    {
        var registers = new ushort[frame[2] / 2];
        for (var i = 0; i < registers.Length; i++) registers[i] = (ushort)(frame[3 + 2 * i] << 8 | frame[4 + 2 * i]);
        return registers;
    }
}
