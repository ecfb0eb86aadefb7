using System.Text;

namespace Charger.Actors.Simulation;

/// <summary>
/// An in-process transport: it records what the ESP32 writes and lets a test (or an in-process host) send bytes.
/// While the device has disappeared nothing is recorded and nothing is delivered.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemorySimulatorTransport : ISimulatorTransport
{
    private readonly Lock _gate = new();
    private readonly List<byte> _output = [];
    private Action<ReadOnlySpan<byte>>? _receivedFromHost;
    private bool _present = true;
    private int _disappearances;

    /// <summary>False between <see cref="Disappear"/> and <see cref="Reappear"/>.</summary>
    public bool IsPresent
    {
        get { lock (_gate) return _present; }
    }

    /// <summary>How many times the device has disappeared.</summary>
    public int Disappearances
    {
        get { lock (_gate) return _disappearances; }
    }

    /// <summary>Bytes written by the ESP32 and not yet taken.</summary>
    public int PendingOutputBytes
    {
        get { lock (_gate) return _output.Count; }
    }

    /// <inheritdoc />
    public void Attach(Action<ReadOnlySpan<byte>> receivedFromHost)
    {
        ArgumentNullException.ThrowIfNull(receivedFromHost);
        lock (_gate)
        {
            if (_receivedFromHost is not null) throw new InvalidOperationException("the transport is already attached");
            _receivedFromHost = receivedFromHost;
        }
    }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (_present) _output.AddRange(bytes);
        }
    }

    /// <inheritdoc />
    public void Disappear()
    {
        lock (_gate)
        {
            if (!_present) return;
            _present = false;
            _disappearances++;
        }
    }

    /// <inheritdoc />
    public void Reappear()
    {
        lock (_gate) _present = true;
    }

    /// <summary>The host writes bytes to the ESP32. Returns false (and sends nothing) while the device is gone.</summary>
    public bool SendFromHost(ReadOnlySpan<byte> bytes)
    {
        Action<ReadOnlySpan<byte>>? handler;
        lock (_gate)
        {
            if (!_present) return false;
            handler = _receivedFromHost ?? throw new InvalidOperationException("the transport is not attached to a simulator");
        }
        handler(bytes);
        return true;
    }

    /// <summary>Takes (and clears) everything the ESP32 wrote so far.</summary>
    public byte[] TakeOutput()
    {
        lock (_gate)
        {
            var bytes = _output.ToArray();
            _output.Clear();
            return bytes;
        }
    }

    /// <summary>Takes everything written so far as text (ASCII, one char per byte).</summary>
    public string TakeOutputText() => Encoding.Latin1.GetString(TakeOutput());
}
