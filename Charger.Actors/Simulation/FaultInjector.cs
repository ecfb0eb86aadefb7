namespace Charger.Actors.Simulation;

/// <summary>
/// Byte-level faults on the serial link, deterministic for a seed: drop, corrupt (one bit flipped) or duplicate
/// bytes in either direction, and silence (the ESP32 keeps running and handling commands, but nothing it writes
/// reaches the host). Lifecycle faults (reboot, hang, disappear) are on <see cref="Esp32Simulator"/>.
/// </summary>
/// <remarks>
/// Each direction has its own random stream seeded from the seed, so the same seed and the same traffic give the
/// same faults. For every byte, in order: drop? else corrupt? then duplicate? A probability of 0 draws nothing.
/// Thread-safe.
/// </remarks>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly Random _toHostRandom;
    private readonly Random _fromHostRandom;
    private ByteFaults _toHost = ByteFaults.None;
    private ByteFaults _fromHost = ByteFaults.None;
    private bool _silent;
    private long _dropped;
    private long _corrupted;
    private long _duplicated;
    private long _silenced;

    /// <summary>Creates an injector with no faults enabled.</summary>
    public FaultInjector(int seed)
    {
        Seed = seed;
        _toHostRandom = new Random(seed);
        _fromHostRandom = new Random(unchecked(seed * 31 + 17));
    }

    /// <summary>The seed the random streams started from.</summary>
    public int Seed { get; }

    /// <summary>Faults on bytes the ESP32 writes to the host.</summary>
    public ByteFaults ToHost
    {
        get { lock (_gate) return _toHost; }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            lock (_gate) _toHost = value;
        }
    }

    /// <summary>Faults on bytes the host writes to the ESP32.</summary>
    public ByteFaults FromHost
    {
        get { lock (_gate) return _fromHost; }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            lock (_gate) _fromHost = value;
        }
    }

    /// <summary>True: everything the ESP32 writes is lost (it still receives and handles commands).</summary>
    public bool Silent
    {
        get { lock (_gate) return _silent; }
        set { lock (_gate) _silent = value; }
    }

    /// <summary>Bytes dropped so far (both directions, not counting silence).</summary>
    public long DroppedBytes
    {
        get { lock (_gate) return _dropped; }
    }

    /// <summary>Bytes corrupted so far.</summary>
    public long CorruptedBytes
    {
        get { lock (_gate) return _corrupted; }
    }

    /// <summary>Bytes duplicated so far.</summary>
    public long DuplicatedBytes
    {
        get { lock (_gate) return _duplicated; }
    }

    /// <summary>Bytes lost to silence so far.</summary>
    public long SilencedBytes
    {
        get { lock (_gate) return _silenced; }
    }

    /// <summary>Turns every fault off (the random streams continue where they are).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _toHost = ByteFaults.None;
            _fromHost = ByteFaults.None;
            _silent = false;
        }
    }

    /// <summary>What the host receives when the ESP32 writes <paramref name="bytes"/>.</summary>
    public byte[] ApplyToHost(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (_silent)
            {
                _silenced += bytes.Length;
                return [];
            }
            return Apply(bytes, _toHost, _toHostRandom);
        }
    }

    /// <summary>What the ESP32 receives when the host writes <paramref name="bytes"/>.</summary>
    public byte[] ApplyFromHost(ReadOnlySpan<byte> bytes)
    {
        lock (_gate) return Apply(bytes, _fromHost, _fromHostRandom);
    }

    private byte[] Apply(ReadOnlySpan<byte> bytes, ByteFaults faults, Random random)
    {
        if (faults.IsNone) return bytes.ToArray();
        var output = new List<byte>(bytes.Length + 8);
        foreach (var original in bytes)
        {
            if (faults.DropProbability > 0 && random.NextDouble() < faults.DropProbability)
            {
                _dropped++;
                continue;
            }
            var b = original;
            if (faults.CorruptProbability > 0 && random.NextDouble() < faults.CorruptProbability)
            {
                b ^= (byte)(1 << random.Next(8));
                _corrupted++;
            }
            output.Add(b);
            if (faults.DuplicateProbability > 0 && random.NextDouble() < faults.DuplicateProbability)
            {
                output.Add(b);
                _duplicated++;
            }
        }
        return [.. output];
    }
}
