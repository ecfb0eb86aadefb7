namespace Charger.Actors.Simulation;

/// <summary>
/// A simulated charge controller: the firmware model (<see cref="Esp32Firmware"/>) running on a
/// <see cref="TimeProvider"/>, its hardware, a drivable vehicle, fault injection, and a byte transport to the host.
/// With a manual clock a test advances time and a whole charge runs in milliseconds; with
/// <see cref="TimeProvider.System"/> it runs in real time.
/// </summary>
/// <remarks>
/// <para>
/// Timing: the firmware runs until it blocks in a delay; one timer is armed for the end of that delay. So the
/// loop's pace is the firmware's own: about 100 ms per pass at rest (two 50 ms RFID resets), much longer in the
/// states that pulse motors or send LED packets (ESP32-FIRMWARE.md 1.3). Output appears at the moment the firmware
/// prints it; host bytes wait in the UART buffer until the next pass reads them.
/// </para>
/// <para>
/// Thread-safety: firmware execution, host bytes, fault actions and inspection are serialized by one lock.
/// The timer callback, the transport's receive handler and test code may call from any thread. The vehicle and
/// the hardware have their own locks (they are the physical world and change whenever they change).
/// </para>
/// </remarks>
public sealed class Esp32Simulator : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Esp32Firmware _firmware;
    private ISimulatorTransport? _transport;
    private long _lastTimestamp;
    private bool _present = true;
    private bool _disposed;
    private bool _pumping;
    private readonly Queue<FirmwareStateChange> _stateChanges = new();
    private readonly Queue<FirmwareStatusSent> _statusesSent = new();
    private long _bytesFromHost;

    /// <summary>Creates a powered-off simulator; call <see cref="PowerOn"/> to boot it.</summary>
    public Esp32Simulator(TimeProvider timeProvider, Esp32SimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new Esp32SimulatorOptions();
        _time = timeProvider;
        Hardware = new ChargePointHardware(new SimulatedPowerBoard(options.PowerBoardPacketInterval));
        Vehicle = new SimulatedVehicle(Hardware);
        Faults = new FaultInjector(options.FaultSeed);
        _firmware = new Esp32Firmware(Hardware, OnFirmwareOutput, options.Firmware);
        _firmware.StateChanged += OnStateChanged;
        _firmware.StatusSent += OnStatusSent;
        _lastTimestamp = _time.GetTimestamp();
        _timer = _time.CreateTimer(static state => ((Esp32Simulator)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The station's sensors and actuators (relay, lock, CP duty, LED, power board, RFID field).</summary>
    public ChargePointHardware Hardware { get; }

    /// <summary>The cable and EV to drive.</summary>
    public SimulatedVehicle Vehicle { get; }

    /// <summary>Byte-level faults and silence.</summary>
    public FaultInjector Faults { get; }

    /// <summary>
    /// The firmware model. Read it directly only when nothing else drives the simulator concurrently
    /// (a manual clock advanced by the test thread); otherwise use <see cref="Inspect{T}"/>.
    /// </summary>
    public Esp32Firmware Firmware => _firmware;

    /// <summary>The STAT fields now.</summary>
    public FirmwareStatus Status => Inspect(static f => f.Status);

    /// <summary>The charging state now.</summary>
    public FirmwareState State => Inspect(static f => f.State);

    /// <summary>The most recent changes of the firmware's state (up to <see cref="StateChangesKept"/>), oldest first.</summary>
    public IReadOnlyList<FirmwareStateChange> StateChanges
    {
        get
        {
            lock (_gate)
            {
                Pump();
                return [.. _stateChanges];
            }
        }
    }

    /// <summary>The most recent STAT frames the firmware printed (up to <see cref="StateChangesKept"/>), oldest first.</summary>
    public IReadOnlyList<FirmwareStatusSent> StatusesSent
    {
        get
        {
            lock (_gate)
            {
                Pump();
                return [.. _statusesSent];
            }
        }
    }

    /// <summary>Bytes that reached the simulated ESP32 from the host since it was created (whatever the firmware did with them).</summary>
    public long BytesFromHost => Interlocked.Read(ref _bytesFromHost);

    /// <summary>How many state changes <see cref="StateChanges"/> keeps: a simulator can run for days.</summary>
    public const int StateChangesKept = 10_000;

    /// <summary>False between <see cref="Disappear"/> and <see cref="Reappear"/>.</summary>
    public bool IsPresent
    {
        get { lock (_gate) return _present; }
    }

    /// <summary>Reads the firmware consistently (under the simulator's lock, with the clock brought up to date).</summary>
    public T Inspect<T>(Func<Esp32Firmware, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            Pump();
            return read(_firmware);
        }
    }

    /// <summary>Connects the host side. One transport per simulator.</summary>
    public void Attach(ISimulatorTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        lock (_gate)
        {
            if (_transport is not null) throw new InvalidOperationException("a transport is already attached");
            _transport = transport;
        }
        transport.Attach(ReceiveFromHost);
    }

    /// <summary>Powers the ESP32 on: ROM banner, boot text, then loop passes.</summary>
    public void PowerOn()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            Pump();
            _firmware.Reset();
            Pump();
        }
    }

    /// <summary>Removes power: nothing runs, nothing is received, until <see cref="PowerOn"/>.</summary>
    public void PowerOff()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            Pump();
            _firmware.PowerOff();
            Pump();
        }
    }

    /// <summary>
    /// Resets the ESP32 (EN pin / watchdog): it prints its boot text again and comes back in state 1 with the
    /// cable unlocked, authorization cleared, MAX back to 32 and the RX buffer empty.
    /// </summary>
    public void Reboot() => PowerOn();

    /// <summary>The firmware stops dead (no output, no state changes); the UART still buffers host bytes.</summary>
    public void Hang()
    {
        lock (_gate)
        {
            Pump();
            _firmware.Hang();
            Pump();
        }
    }

    /// <summary>The firmware continues from where <see cref="Hang"/> stopped it.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            Pump();
            _firmware.Resume();
            Pump();
        }
    }

    /// <summary>
    /// The USB device goes away (cable pulled, USB-serial chip reset): the transport removes the device, output is
    /// lost and nothing from the host arrives. The ESP32 itself keeps running (it is powered by the station).
    /// </summary>
    public void Disappear()
    {
        lock (_gate)
        {
            Pump();
            if (!_present) return;
            _present = false;
            _transport?.Disappear();
        }
    }

    /// <summary>The USB device comes back at the same path.</summary>
    /// <param name="resetEsp32">Also reset the ESP32, as an auto-reset circuit (DTR/RTS on EN) can do on reconnect.</param>
    public void Reappear(bool resetEsp32 = false)
    {
        lock (_gate)
        {
            Pump();
            if (!_present)
            {
                _present = true;
                _transport?.Reappear();
            }
            if (resetEsp32) PowerOn();
        }
    }

    /// <summary>Bytes from the host (the transport's receive handler).</summary>
    public void ReceiveFromHost(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            Interlocked.Add(ref _bytesFromHost, bytes.Length);
            if (_disposed || !_present) return;
            Pump();
            var delivered = Faults.ApplyFromHost(bytes);
            _firmware.Receive(delivered);
        }
    }

    /// <summary>Stops the clock; the simulator does nothing afterwards.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _timer.Dispose();
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed) return;
            Pump();
        }
    }

    /// <summary>Lets the firmware catch up with the clock, then arms the timer for the next point where code runs.</summary>
    /// <remarks>
    /// Re-entry from the same thread (a transport that delivers host bytes from inside <see cref="ISimulatorTransport.Write"/>)
    /// does not run the firmware again: the outer call is already doing it.
    /// </remarks>
    private void Pump()
    {
        if (_disposed || _pumping) return;
        _pumping = true;
        try
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_lastTimestamp, now);
            _lastTimestamp = now;
            if (elapsed < TimeSpan.Zero) elapsed = TimeSpan.Zero;
            var next = _firmware.RunFor(elapsed);
            _timer.Change(next, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            _pumping = false;
        }
    }

    private void OnStateChanged(FirmwareState from, FirmwareState to)
    {
        if (_stateChanges.Count == StateChangesKept) _stateChanges.Dequeue();
        _stateChanges.Enqueue(new FirmwareStateChange(_time.GetUtcNow(), from, to));
    }

    private void OnStatusSent(FirmwareState state, TimeSpan loopPass)
    {
        if (_statusesSent.Count == StateChangesKept) _statusesSent.Dequeue();
        _statusesSent.Enqueue(new FirmwareStatusSent(_time.GetUtcNow(), state, loopPass));
    }

    private void OnFirmwareOutput(ReadOnlyMemory<byte> bytes)
    {
        if (!_present || _transport is null) return;
        var delivered = Faults.ApplyToHost(bytes.Span);
        if (delivered.Length > 0) _transport.Write(delivered);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
