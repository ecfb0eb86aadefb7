namespace Charger.Actors.Simulation;

/// <summary>
/// The power board: it reports its condition (OK, phase fault, earth fault) as a 7-byte packet on a
/// 9600 baud software-serial line to the ESP32, at a fixed interval. Bytes wait in the ESP32's software-serial
/// receive buffer (64 bytes, EspSoftwareSerial's default) until the firmware reads them at the start of a loop pass;
/// bytes that arrive while it is full are lost.
/// </summary>
/// <remarks>
/// Packet: <c>'R'</c>, status <c>'0'</c>/<c>'1'</c>/<c>'2'</c>, four bytes <c>'0'</c>/<c>'1'</c> (meaning unused by the
/// firmware; this model sends <c>'1111'</c>), one padding byte (this model sends LF). The real board's packet
/// rate is not documented; the default here is one packet per second. Packets arrive whole (the 7.3 ms a packet
/// takes at 9600 baud is not modelled); <see cref="InjectBytes"/> can put partial or malformed packets on the line.
/// Thread-safe: the vehicle/test side and the firmware side may call it from different threads.
/// </remarks>
public sealed class SimulatedPowerBoard
{
    /// <summary>Capacity of the ESP32's software-serial receive buffer.</summary>
    public const int ReceiveBufferCapacity = 64;

    /// <summary>Default interval between two status packets.</summary>
    public static readonly TimeSpan DefaultPacketInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Queue<byte> _line = new();
    private PowerBoardStatus _condition = PowerBoardStatus.Ok;
    private TimeSpan _packetInterval;
    private TimeSpan _untilNextPacket;
    private bool _transmitting = true;
    private long _packetsSent;
    private long _bytesLost;

    /// <summary>Creates a power board that sends its first packet one interval after creation.</summary>
    public SimulatedPowerBoard(TimeSpan? packetInterval = null)
    {
        _packetInterval = packetInterval ?? DefaultPacketInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_packetInterval, TimeSpan.Zero, nameof(packetInterval));
        _untilNextPacket = _packetInterval;
    }

    /// <summary>What the board reports in each packet from now on.</summary>
    public PowerBoardStatus Condition
    {
        get { lock (_gate) return _condition; }
        set
        {
            if (!Enum.IsDefined(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "unknown power-board status");
            lock (_gate) _condition = value;
        }
    }

    /// <summary>Time between two packets.</summary>
    public TimeSpan PacketInterval
    {
        get { lock (_gate) return _packetInterval; }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            lock (_gate)
            {
                _packetInterval = value;
                if (_untilNextPacket > value) _untilNextPacket = value;
            }
        }
    }

    /// <summary>False: the board (or its link) is silent and sends no packets.</summary>
    public bool IsTransmitting
    {
        get { lock (_gate) return _transmitting; }
        set { lock (_gate) _transmitting = value; }
    }

    /// <summary>Status packets sent so far (including those lost to a full buffer).</summary>
    public long PacketsSent
    {
        get { lock (_gate) return _packetsSent; }
    }

    /// <summary>Bytes lost because the ESP32's receive buffer was full.</summary>
    public long BytesLost
    {
        get { lock (_gate) return _bytesLost; }
    }

    /// <summary>Bytes waiting in the ESP32's software-serial receive buffer.</summary>
    public int PendingBytes
    {
        get { lock (_gate) return _line.Count; }
    }

    /// <summary>The 7-byte packet the board sends for a status.</summary>
    public static byte[] Packet(PowerBoardStatus status) =>
        [(byte)'R', (byte)('0' + (byte)status), (byte)'1', (byte)'1', (byte)'1', (byte)'1', (byte)'\n'];

    /// <summary>Puts raw bytes on the line now (partial, malformed or extra packets).</summary>
    public void InjectBytes(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            foreach (var b in bytes) Enqueue(b);
        }
    }

    /// <summary>Time passes on the board: it sends every packet that falls due.</summary>
    internal void Elapse(TimeSpan elapsed)
    {
        lock (_gate)
        {
            _untilNextPacket -= elapsed;
            while (_untilNextPacket <= TimeSpan.Zero)
            {
                _untilNextPacket += _packetInterval;
                if (!_transmitting) continue;
                _packetsSent++;
                foreach (var b in Packet(_condition)) Enqueue(b);
            }
        }
    }

    /// <summary>Bytes the firmware can read now (<c>myPort.available()</c>).</summary>
    internal int Available
    {
        get { lock (_gate) return _line.Count; }
    }

    /// <summary>Reads one byte (<c>myPort.read()</c>); -1 when none is waiting.</summary>
    internal int ReadByte()
    {
        lock (_gate) return _line.TryDequeue(out var b) ? b : -1;
    }

    /// <summary>The ESP32 reset: its software-serial buffer starts empty.</summary>
    internal void ClearReceiveBuffer()
    {
        lock (_gate) _line.Clear();
    }

    private void Enqueue(byte b)
    {
        if (_line.Count >= ReceiveBufferCapacity)
        {
            _bytesLost++;
            return;
        }
        _line.Enqueue(b);
    }
}
