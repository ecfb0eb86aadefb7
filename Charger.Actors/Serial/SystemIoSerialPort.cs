using System.IO.Ports;
using System.Threading.Channels;

namespace Charger.Actors.Serial;

/// <summary>
/// <see cref="System.IO.Ports.SerialPort"/> behind <see cref="ISerialPort"/>: a dedicated thread reads the
/// port's <see cref="SerialPort.BaseStream"/> and feeds the same channel shape as <see cref="LinuxSerialPort"/>.
/// The serial contract suite (Charger.Tests/Serial/SerialContract.cs) records where it falls short.
/// </summary>
/// <remarks>
/// <para>DTR/RTS: Linux raises both lines when a tty is opened; SerialPort then writes DtrEnable and RtsEnable
/// in separate ioctls, so leaving them false lowers them one after the other, which pulses EN on an ESP32
/// dev board's two-transistor auto-reset circuit (nanoFramework/Home#1018). Setting both true before
/// <see cref="SerialPort.Open"/> leaves the lines where the kernel put them. A pseudo-terminal has no modem
/// lines and SerialPort.Open fails on it with ENOTTY when either is true (its TIOCMBIS is refused; measured,
/// see SystemIoPortsContract), so on a pty (the simulator, the tests) both stay false: there is nothing to pulse.
/// That is also why the suite cannot exercise the DtrEnable/RtsEnable = true path: it needs real hardware.</para>
/// <para>Close: <see cref="SerialPort.Close"/> flushes first and can hang while a write is queued; disposing
/// <see cref="SerialPort.BaseStream"/> first returns at once (the public reports), so Dispose does that.</para>
/// </remarks>
public sealed class SystemIoSerialPort : ISerialPort
{
    private const int ChunkSize = 4096;

    private readonly SerialPort _port;
    private readonly Stream _stream;
    private readonly Channel<ReadOnlyMemory<byte>> _channel =
        Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Thread _thread;
    private readonly Lock _writeLock = new();
    private volatile LinkDownException? _linkDown;
    private int _disposed;

    private SystemIoSerialPort(SerialPort port, SerialPortSettings settings)
    {
        _port = port;
        _stream = port.BaseStream;
        Settings = settings;
        _thread = new Thread(ReadLoop) { IsBackground = true, Name = "System.IO.Ports " + settings.Path };
        _thread.Start();
    }

    public SerialPortSettings Settings { get; }

    public string Path => Settings.Path;

    public ChannelReader<ReadOnlyMemory<byte>> Input => _channel.Reader;

    /// <summary>Set once a read or write failed because the device went away.</summary>
    public LinkDownException? LinkDown => _linkDown;

    /// <summary>SerialPort's own view of the port (public reports: it stays true after an unplug).</summary>
    public bool IsOpen => _port.IsOpen;

    /// <summary>Opens and configures the port; throws a <see cref="SerialPortException"/> subtype naming the path.</summary>
    public static SystemIoSerialPort Open(SerialPortSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = settings.Path;
        var lines = !IsPseudoTerminal(path);
        var port = new SerialPort(path, settings.BaudRate, ToParity(settings.Parity), settings.DataBits, ToStopBits(settings.StopBits))
        {
            Handshake = Handshake.None,
            DtrEnable = lines, // before Open: see remarks (no DTR/RTS pulse on open)
            RtsEnable = lines,
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = (int)Math.Clamp(settings.WriteTimeout.TotalMilliseconds, 1, int.MaxValue),
            ReadBufferSize = ChunkSize,
        };
        try
        {
            port.Open();
            return new SystemIoSerialPort(port, settings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            if (!File.Exists(path))
                throw new SerialPortNotFoundException(path, $"Serial port {path} does not exist: the device is unplugged or the configured path is wrong.");
            if (e is UnauthorizedAccessException)
                throw new SerialPortBusyException(path, $"System.IO.Ports: {e.Message}");
            throw new SerialPortException(path, $"Cannot open serial port {path} with System.IO.Ports: {e.Message}");
        }
    }

    /// <summary>Writes all of <paramref name="data"/>. Throws like <see cref="LinuxSerialPort.Write"/>.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_linkDown is { } down)
            throw new LinkDownException(down.Path, down.Reason, down.Errno);
        lock (_writeLock)
        {
            try
            {
                _stream.Write(data);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Serial port {Path} accepted no bytes for {Settings.WriteTimeout.TotalMilliseconds:0} ms.");
            }
            catch (IOException e)
            {
                throw MarkDown(e);
            }
        }
    }

    /// <summary>Disposes BaseStream first (returns at once even with a write queued), then the SerialPort.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // the device is already gone: nothing left to release but the handle, which Dispose closed
        }
        _port.Dispose();
        if (Thread.CurrentThread != _thread)
            _thread.Join(TimeSpan.FromSeconds(5));
        _channel.Writer.TryComplete();
    }

    private void ReadLoop()
    {
        Exception? error = null;
        try
        {
            while (Volatile.Read(ref _disposed) == 0)
            {
                var buffer = new byte[ChunkSize];
                var n = _stream.Read(buffer, 0, buffer.Length);
                if (n == 0)
                {
                    error = MarkDown(null);
                    break;
                }
                _channel.Writer.TryWrite(buffer.AsMemory(0, n));
            }
        }
        catch (Exception) when (Volatile.Read(ref _disposed) != 0)
        {
            // closed by us
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            error = MarkDown(e);
        }
        _channel.Writer.TryComplete(Volatile.Read(ref _disposed) != 0 ? null : error);
    }

    private LinkDownException MarkDown(Exception? cause)
    {
        var errno = cause is null ? 0 : cause.HResult is int h and > 0 and < 4096 ? h : Libc.EIO;
        var down = new LinkDownException(Path, cause is null ? LinkDownReason.EndOfFile : LinkDownReason.InputOutputError, errno);
        Interlocked.CompareExchange(ref _linkDown, down, null);
        return _linkDown ?? down;
    }

    /// <summary>Whether <paramref name="path"/> (or what its links lead to) is a Unix98 pty slave, /dev/pts/N.</summary>
    internal static bool IsPseudoTerminal(string path)
    {
        var target = File.Exists(path) ? new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path : path;
        return target.StartsWith("/dev/pts/", StringComparison.Ordinal);
    }

    private static Parity ToParity(SerialParity parity) => parity switch
    {
        SerialParity.Even => Parity.Even,
        SerialParity.Odd => Parity.Odd,
        _ => Parity.None,
    };

    private static StopBits ToStopBits(SerialStopBits stopBits) => stopBits == SerialStopBits.Two ? StopBits.Two : StopBits.One;
}
