using System.Text;

namespace Charger.Actors.Simulation;

/// <summary>
/// A deterministic model of the ESP32 charge-controller firmware ("CSRPI Charging Station v4.8.0 - Dual UART")
/// as ESP32-FIRMWARE.md describes it: <c>setup()</c> with its boot text, and <c>loop()</c> passes in the firmware's
/// order (power-board reader, PWM, CP sampling, RFID, state machine, at most one USB command, periodic STAT),
/// quirks included. It prints exactly what the firmware prints (<c>println</c> is CR LF, <c>print</c> has no line end).
/// </summary>
/// <remarks>
/// <para>
/// Time is the firmware's own: code runs in zero time and every blocking <c>delay()</c> (lock pulses, LED packets,
/// RFID resets, ...) is a point where time passes. A driver moves it forward with <see cref="RunFor"/>, which runs
/// code and delays back to back and returns how long until code runs again; <see cref="Esp32Simulator"/> does that on
/// a <see cref="TimeProvider"/>. Tests can also drive it by hand: <see cref="Boot"/>, then <see cref="RunLoopPass"/>.
/// Nothing runs between passes: a pass starts as soon as the previous one ends, as in Arduino's <c>loop()</c>.
/// </para>
/// <para>Not thread-safe: one caller at a time (the simulator serializes all calls through its lock).</para>
/// </remarks>
public sealed partial class Esp32Firmware
{
    /// <summary>Interval of the periodic STAT frame, measured from the previous periodic send.</summary>
    public static readonly TimeSpan StatInterval = TimeSpan.FromMilliseconds(StatIntervalMillis);

    private const long StatIntervalMillis = 7500;

    private readonly ChargePointHardware _hardware;
    private readonly Action<ReadOnlyMemory<byte>> _usbTransmit;
    private readonly Esp32FirmwareOptions _options;
    private readonly Queue<byte> _usbReceive = new();

    private ExecutionPhase _phase = ExecutionPhase.Off;
    private IEnumerator<TimeSpan>? _activity;
    private TimeSpan _blockedFor;
    private TimeSpan _uptime;
    private bool _hung;
    private long _loopPasses;
    private long _usbBytesDropped;

    /// <summary>Creates the firmware model, powered off.</summary>
    /// <param name="hardware">The sensors and actuators it reads and drives.</param>
    /// <param name="usbTransmit">Receives every byte the firmware writes to USB serial, in order, as it writes it.</param>
    /// <param name="options">Timings and EEPROM contents; defaults when null.</param>
    public Esp32Firmware(ChargePointHardware hardware, Action<ReadOnlyMemory<byte>> usbTransmit, Esp32FirmwareOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(usbTransmit);
        _options = options ?? new Esp32FirmwareOptions();
        _options.Validate();
        _hardware = hardware;
        _usbTransmit = usbTransmit;
    }

    private enum ExecutionPhase
    {
        Off,
        Setup,
        Loop,
    }

    /// <summary>The options this model runs with.</summary>
    public Esp32FirmwareOptions Options => _options;

    /// <summary>The hardware it reads and drives.</summary>
    public ChargePointHardware Hardware => _hardware;

    /// <summary>True after <see cref="Reset"/> until <see cref="PowerOff"/>.</summary>
    public bool IsPoweredOn => _phase != ExecutionPhase.Off;

    /// <summary>True once <c>setup()</c> has finished and <c>loop()</c> passes run.</summary>
    public bool IsBooted => _phase == ExecutionPhase.Loop;

    /// <summary>True while the CPU is stopped by <see cref="Hang"/>.</summary>
    public bool IsHung => _hung;

    /// <summary>True between two loop passes (the only point where <see cref="RunLoopPass"/> may be called).</summary>
    public bool IsBetweenPasses => _phase == ExecutionPhase.Loop && _activity is null && _blockedFor == TimeSpan.Zero;

    /// <summary>Time since the last reset; <c>millis()</c> is its whole milliseconds.</summary>
    public TimeSpan Uptime => _uptime;

    /// <summary>The firmware's <c>millis()</c>.</summary>
    public long Millis => _uptime.Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>Loop passes completed since the last reset.</summary>
    public long LoopPassCount => _loopPasses;

    /// <summary>Bytes waiting in the USB UART receive buffer.</summary>
    public int PendingUsbBytes => _usbReceive.Count;

    /// <summary>Bytes from the host that were lost (buffer full, or the UART not started / powered off).</summary>
    public long UsbBytesDropped => _usbBytesDropped;

    /// <summary>Powers on or resets the ESP32 (EN pin): RAM is cleared and <c>setup()</c> starts from the beginning.</summary>
    public void Reset()
    {
        ClearRam();
        _usbReceive.Clear();
        _hardware.PowerBoard.ClearReceiveBuffer();
        _hung = false;
        _uptime = TimeSpan.Zero;
        _loopPasses = 0;
        _blockedFor = TimeSpan.Zero;
        _activity?.Dispose();
        _activity = Setup().GetEnumerator();
        _phase = ExecutionPhase.Setup;
    }

    /// <summary>Removes power: nothing runs and nothing is received until <see cref="Reset"/>.</summary>
    public void PowerOff()
    {
        _activity?.Dispose();
        _activity = null;
        _blockedFor = TimeSpan.Zero;
        _usbReceive.Clear();
        _usbStarted = false;
        _hung = false;
        _phase = ExecutionPhase.Off;
    }

    /// <summary>
    /// The CPU stops where it is (an endless loop, a dead task): no output, no state changes. The UART keeps
    /// receiving into its buffer. <see cref="Resume"/> continues from the same point.
    /// </summary>
    public void Hang() => _hung = true;

    /// <summary>Continues after <see cref="Hang"/>.</summary>
    public void Resume() => _hung = false;

    /// <summary>Bytes from the host arrive at the USB UART (buffered until the loop reads them).</summary>
    public void Receive(ReadOnlySpan<byte> bytes)
    {
        if (_phase == ExecutionPhase.Off || !_usbStarted)
        {
            _usbBytesDropped += bytes.Length;
            return;
        }
        foreach (var b in bytes)
        {
            if (_usbReceive.Count >= _options.UsbReceiveBufferSize)
            {
                _usbBytesDropped++;
                continue;
            }
            _usbReceive.Enqueue(b);
        }
    }

    /// <summary>
    /// Lets the ESP32 run for <paramref name="duration"/>: code and blocking delays back to back from where it
    /// stopped, starting new loop passes as old ones end.
    /// </summary>
    /// <returns>How long until code runs next (the rest of the current delay); infinite when powered off or hung.</returns>
    public TimeSpan RunFor(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var codeStepsWithoutTime = 0;
        while (true)
        {
            if (_phase == ExecutionPhase.Off || _hung)
            {
                Elapse(duration);
                return Timeout.InfiniteTimeSpan;
            }
            if (_blockedFor > TimeSpan.Zero)
            {
                var step = duration < _blockedFor ? duration : _blockedFor;
                Elapse(step);
                _blockedFor -= step;
                duration -= step;
                if (_blockedFor > TimeSpan.Zero) return _blockedFor;
                codeStepsWithoutTime = 0;
            }
            if (++codeStepsWithoutTime > 1_000_000) throw new InvalidOperationException("the firmware model runs code without time passing");
            StepCode();
        }
    }

    /// <summary>Resets the ESP32 and runs <c>setup()</c> to its end.</summary>
    /// <returns>How long the boot took (reset to the first loop pass).</returns>
    public TimeSpan Boot()
    {
        Reset();
        return RunToEndOfActivity();
    }

    /// <summary>Runs exactly one <c>loop()</c> pass. Only between passes (after <see cref="Boot"/> or a previous call).</summary>
    /// <returns>How long the pass took (the sum of its blocking delays).</returns>
    public TimeSpan RunLoopPass()
    {
        if (_phase != ExecutionPhase.Loop) throw new InvalidOperationException("the firmware has not booted");
        if (!IsBetweenPasses) throw new InvalidOperationException("a loop pass is in progress (the firmware was driven by RunFor)");
        _activity = LoopPass().GetEnumerator();
        return RunToEndOfActivity();
    }

    /// <summary>Runs <paramref name="count"/> loop passes; returns their total duration.</summary>
    public TimeSpan RunLoopPasses(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var total = TimeSpan.Zero;
        for (var i = 0; i < count; i++) total += RunLoopPass();
        return total;
    }

    private TimeSpan RunToEndOfActivity()
    {
        if (_hung) throw new InvalidOperationException("the firmware is hung");
        var start = _uptime;
        while (_activity is not null)
        {
            if (_blockedFor > TimeSpan.Zero)
            {
                Elapse(_blockedFor);
                _blockedFor = TimeSpan.Zero;
            }
            StepCode();
        }
        if (_blockedFor > TimeSpan.Zero)
        {
            Elapse(_blockedFor);
            _blockedFor = TimeSpan.Zero;
        }
        return _uptime - start;
    }

    /// <summary>Runs code until the next delay (or the end of the current activity).</summary>
    private void StepCode()
    {
        _activity ??= LoopPass().GetEnumerator();
        if (_activity.MoveNext())
        {
            _blockedFor = _activity.Current;
            return;
        }
        _activity.Dispose();
        _activity = null;
        if (_phase == ExecutionPhase.Setup) _phase = ExecutionPhase.Loop;
        else _loopPasses++;
    }

    private void Elapse(TimeSpan elapsed)
    {
        if (elapsed <= TimeSpan.Zero) return;
        _uptime += elapsed;
        _hardware.Elapse(elapsed);
    }

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    /// <summary><c>Serial.print</c>: the text, no line ending.</summary>
    private void Print(string text) => _usbTransmit(Encoding.ASCII.GetBytes(text));

    /// <summary><c>Serial.println</c>: the text and CR LF.</summary>
    private void PrintLine(string text) => _usbTransmit(Encoding.ASCII.GetBytes(text + "\r\n"));
}
