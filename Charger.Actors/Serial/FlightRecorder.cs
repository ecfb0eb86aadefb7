using System.Globalization;
using System.Text;

namespace Charger.Actors.Serial;

/// <summary>Which way bytes went on the serial link.</summary>
public enum FlightDirection
{
    /// <summary>From the ESP32 to us.</summary>
    Rx,

    /// <summary>From us to the ESP32.</summary>
    Tx,
}

/// <summary>One chunk of bytes as it crossed the link, stamped with the monotonic clock.</summary>
public sealed record FlightRecord(long Timestamp, FlightDirection Direction, byte[] Bytes);

/// <summary>
/// A bounded ring of the raw bytes sent and received, with monotonic timestamps. It lives beside the
/// link (not inside the serial actor), so when the link fails the last seconds before the failure
/// can be dumped to the log, and a test can replay the received bytes into a decoder.
/// Memory is bounded by <see cref="CapacityBytes"/>: the oldest chunks are dropped first.
/// </summary>
public sealed class FlightRecorder
{
    private const int HexBytesPerLine = 24;

    private readonly Queue<FlightRecord> _records = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private int _bytes;

    public FlightRecorder(int capacityBytes = 64 * 1024, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, 64);
        CapacityBytes = capacityBytes;
        _time = time ?? TimeProvider.System;
    }

    public int CapacityBytes { get; }

    /// <summary>Bytes dropped (oldest first) to stay within the capacity, since creation.</summary>
    public long DroppedBytes { get; private set; }

    public void Record(FlightDirection direction, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        // A chunk larger than the whole ring keeps only its newest part.
        if (bytes.Length > CapacityBytes)
        {
            lock (_lock) DroppedBytes += bytes.Length - CapacityBytes;
            bytes = bytes[^CapacityBytes..];
        }
        var record = new FlightRecord(_time.GetTimestamp(), direction, bytes.ToArray());
        lock (_lock)
        {
            _records.Enqueue(record);
            _bytes += record.Bytes.Length;
            while (_bytes > CapacityBytes)
            {
                var dropped = _records.Dequeue();
                _bytes -= dropped.Bytes.Length;
                DroppedBytes += dropped.Bytes.Length;
            }
        }
    }

    public IReadOnlyList<FlightRecord> Snapshot()
    {
        lock (_lock) return [.. _records];
    }

    /// <summary>All received bytes still in the ring, in order: what a decoder saw.</summary>
    public byte[] ReceivedBytes()
    {
        var received = Snapshot().Where(r => r.Direction == FlightDirection.Rx).ToList();
        var all = new byte[received.Sum(r => r.Bytes.Length)];
        var offset = 0;
        foreach (var record in received)
        {
            record.Bytes.CopyTo(all, offset);
            offset += record.Bytes.Length;
        }
        return all;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _records.Clear();
            _bytes = 0;
        }
    }

    /// <summary>
    /// A readable dump, oldest first: time relative to the newest record, direction, hex, and the
    /// printable text (control bytes as '.'), e.g. <c>-0.512s RX 3C 53 54 41 |&lt;STA|</c>.
    /// </summary>
    public string Dump()
    {
        var records = Snapshot();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"flight recorder: {records.Count} chunks, {records.Sum(r => r.Bytes.Length)} bytes, {DroppedBytes} dropped");
        if (records.Count == 0) return sb.ToString();
        var newest = records[^1].Timestamp;
        foreach (var record in records)
        {
            var age = -_time.GetElapsedTime(record.Timestamp, newest).TotalSeconds;
            for (var offset = 0; offset < record.Bytes.Length; offset += HexBytesPerLine)
            {
                var line = record.Bytes.AsSpan(offset, Math.Min(HexBytesPerLine, record.Bytes.Length - offset));
                sb.AppendLine();
                sb.Append(CultureInfo.InvariantCulture, $"{age,9:0.000}s {record.Direction} ");
                foreach (var b in line) sb.Append(CultureInfo.InvariantCulture, $"{b:X2} ");
                sb.Append(' ', (HexBytesPerLine - line.Length) * 3).Append('|');
                foreach (var b in line) sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
                sb.Append('|');
            }
        }
        return sb.ToString();
    }
}
