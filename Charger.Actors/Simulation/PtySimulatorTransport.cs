using Charger.Actors.Serial;

namespace Charger.Actors.Simulation;

/// <summary>
/// Presents the simulated ESP32 as a serial device: a pseudo-terminal whose slave is reachable
/// through a stable symlink (<see cref="DevicePath"/>), like /dev/serial/by-id/... for a USB adapter.
/// The runtime opens that path with its real serial code. Disappearing closes the pty and removes
/// the link (the runtime's reads hang up); reappearing creates a new pty at the same path.
/// </summary>
public sealed class PtySimulatorTransport : ISimulatorTransport, IDisposable
{
    private readonly Lock _gate = new();
    private Action<ReadOnlySpan<byte>>? _receivedFromHost;
    private PseudoTerminal? _pty;
    private bool _disposed;

    public PtySimulatorTransport(string devicePath)
    {
        DevicePath = devicePath;
        _pty = Plug();
    }

    /// <summary>The path the runtime opens (a symlink to the current pty slave).</summary>
    public string DevicePath { get; }

    public bool IsPresent
    {
        get
        {
            lock (_gate) return _pty is not null;
        }
    }

    public void Attach(Action<ReadOnlySpan<byte>> receivedFromHost)
    {
        ArgumentNullException.ThrowIfNull(receivedFromHost);
        lock (_gate)
        {
            if (_receivedFromHost is not null) throw new InvalidOperationException("The transport is already attached.");
            _receivedFromHost = receivedFromHost;
            if (_pty is not null) StartPump(_pty);
        }
    }

    /// <summary>Bytes still in flight either way on the current pty (none while the device is gone).</summary>
    public (int ToRuntime, int FromRuntime) Unread
    {
        get
        {
            PseudoTerminal? pty;
            lock (_gate) pty = _pty;
            return pty?.Unread ?? (0, 0);
        }
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        PseudoTerminal? pty;
        lock (_gate) pty = _pty;
        pty?.WriteOrDrop(bytes); // never blocks the simulator: unread bytes are lost, as on a UART
    }

    public void Disappear()
    {
        PseudoTerminal? pty;
        lock (_gate)
        {
            pty = _pty;
            _pty = null;
        }
        pty?.Dispose();
    }

    public void Reappear()
    {
        lock (_gate)
        {
            if (_pty is not null || _disposed) return;
            _pty = Plug();
            if (_receivedFromHost is not null) StartPump(_pty);
        }
    }

    public void Dispose()
    {
        lock (_gate) _disposed = true;
        Disappear();
    }

    private PseudoTerminal Plug()
    {
        var directory = Path.GetDirectoryName(DevicePath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        return PseudoTerminal.Open(DevicePath);
    }

    /// <summary>Feeds what the host writes into the simulator, off the pty's read thread.</summary>
    private void StartPump(PseudoTerminal pty)
    {
        var deliver = _receivedFromHost!;
        var input = pty.Input;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var chunk in input.ReadAllAsync().ConfigureAwait(false)) deliver(chunk.Span);
            }
            catch (Exception)
            {
                // The pty went away (Disappear or Dispose): its pump ends with it.
            }
        });
    }
}
