using System.Threading.Channels;

namespace Charger.Actors.Serial;

/// <summary>
/// A Linux serial port opened exclusively in raw mode through termios, the daemon's default driver: it passes
/// the serial contract suite, which System.IO.Ports fails (see <see cref="SerialPorts.Resolve"/>). Bytes arrive on <see cref="Input"/>;
/// the device going away completes <see cref="Input"/> with a <see cref="LinkDownException"/>.
/// </summary>
/// <remarks>
/// <para>Open: <c>O_RDWR|O_NOCTTY|O_NONBLOCK|O_CLOEXEC</c>, then <c>flock(LOCK_EX|LOCK_NB)</c> and
/// <c>TIOCEXCL</c>. The flock refuses a second owner in any process, root included (root bypasses
/// TIOCEXCL); TIOCEXCL refuses non-root programs that do not flock, such as a terminal emulator.
/// Either way the second opener gets <see cref="SerialPortBusyException"/>.</para>
/// <para>Terminal settings: <c>cfmakeraw</c>, the configured speed and framing, <c>CLOCAL|CREAD</c>, no
/// RTS/CTS and no XON/XOFF, <c>HUPCL</c> off (closing does not drop DTR/RTS, which would reset an ESP32
/// through its auto-reset circuit), <c>VMIN=1 VTIME=0</c> with O_NONBLOCK (reads never block, poll()
/// waits; an empty port reads EAGAIN, so a read of 0 bytes can only mean hang-up). They are read
/// back and checked. Both queues are flushed, so a fresh open sees only fresh bytes, as with a USB adapter
/// that discards input while closed.</para>
/// <para>Reading: a dedicated thread blocks in poll() on the port and an eventfd with no timeout, so an
/// idle port costs no CPU and Dispose wakes it at once.</para>
/// </remarks>
public sealed class LinuxSerialPort : ISerialPort
{
    private readonly FileDescriptor _fd;
    private readonly StopSignal _stop;
    private readonly ReadLoop _readLoop;
    private readonly Lock _writeLock = new();
    private int _disposed;

    private LinuxSerialPort(FileDescriptor fd, SerialPortSettings settings)
    {
        _fd = fd;
        Settings = settings;
        _stop = new StopSignal();
        _readLoop = new ReadLoop(fd, _stop, settings.Path, "serial " + settings.Path);
        _readLoop.Start();
    }

    public SerialPortSettings Settings { get; }

    public string Path => Settings.Path;

    /// <summary>
    /// Bytes from the device, one chunk per read() (each chunk is a fresh array the consumer may keep).
    /// Single consumer. The channel is completed normally by <see cref="Dispose"/>, and with a
    /// <see cref="LinkDownException"/> (whose Reason says why) when the device goes away: after the
    /// chunks read before that, <c>await foreach (var chunk in port.Input.ReadAllAsync(ct))</c> throws
    /// that exception (and <c>Input.Completion</c>, which waits for the chunks to be drained, faults with it).
    /// </summary>
    public ChannelReader<ReadOnlyMemory<byte>> Input => _readLoop.Output;

    /// <summary>
    /// Completes as soon as the read thread ends, whether or not <see cref="Input"/> was drained:
    /// successfully after Dispose, faulted with a <see cref="LinkDownException"/> when the device goes away.
    /// </summary>
    public Task ReadLoopCompletion => _readLoop.Ended;

    /// <summary>Set once the read loop found the device gone.</summary>
    public LinkDownException? LinkDown => _readLoop.LinkDown;

    /// <summary>poll() returns of the read thread so far (tests check that idle costs no wake-ups).</summary>
    internal long PollWakeups => _readLoop.Wakeups;

    /// <summary>Opens and configures the port; throws a <see cref="SerialPortException"/> subtype naming the path.</summary>
    public static LinuxSerialPort Open(SerialPortSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Libc.EnsureSupportedPlatform();
        var path = settings.Path;

        var raw = Libc.Open(path, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (raw < 0)
            throw OpenFailure(path, Libc.LastErrno);

        var fd = new FileDescriptor(raw);
        try
        {
            if (Libc.Flock(fd, Libc.LOCK_EX | Libc.LOCK_NB) != 0)
            {
                var errno = Libc.LastErrno;
                throw errno == Libc.EAGAIN
                    ? new SerialPortBusyException(path, "another process, or another LinuxSerialPort in this process, holds its lock (flock)")
                    : new SerialPortException(path, $"Cannot lock serial port {path}: {Libc.Describe(errno)}.");
            }
            if (Libc.Ioctl(fd, Libc.TIOCEXCL) != 0)
                throw TerminalFailure(path, "TIOCEXCL", Libc.LastErrno);
            Configure(fd, settings);
            if (Libc.TcFlush(fd, Libc.TCIOFLUSH) != 0)
                throw TerminalFailure(path, "tcflush", Libc.LastErrno);
            return new LinuxSerialPort(fd, settings);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes all of <paramref name="data"/> (blocking only while the kernel's output buffer is full).
    /// Thread-safe; writes do not interleave. Throws <see cref="LinkDownException"/> if the device is gone,
    /// <see cref="TimeoutException"/> if it accepts nothing for <see cref="SerialPortSettings.WriteTimeout"/>,
    /// <see cref="ObjectDisposedException"/> after <see cref="Dispose"/>.
    /// </summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_readLoop.LinkDown is { } down)
            throw new LinkDownException(down.Path, down.Reason, down.Errno);
        lock (_writeLock)
            DescriptorWriter.WriteAll(_fd, _stop, data, Settings.WriteTimeout, Path);
    }

    /// <summary>The terminal attributes as the kernel holds them now (for tests and diagnostics).</summary>
    internal unsafe Libc.Termios ReadTerminalAttributes()
    {
        Libc.Termios t;
        if (Libc.TcGetAttr(_fd, &t) != 0)
            throw TerminalFailure(Path, "tcgetattr", Libc.LastErrno);
        return t;
    }

    /// <summary>Stops the read thread (at once, via the eventfd), releases exclusivity and closes the port once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stop.Set();
        _readLoop.Join(TimeSpan.FromSeconds(5));
        try
        {
            // A pty slave outlives our close while its master is open: leave it openable for non-root users.
            _ = Libc.Ioctl(_fd, Libc.TIOCNXCL);
        }
        catch (ObjectDisposedException)
        {
        }
        _fd.Dispose(); // closes when the last in-flight call returns; the flock goes with the descriptor
        _stop.Dispose();
    }

    private static unsafe void Configure(FileDescriptor fd, SerialPortSettings settings)
    {
        var path = settings.Path;
        if (!BaudRates.TryGetSpeedConstant(settings.BaudRate, out var speed))
            throw new SerialPortException(path, $"Baud rate {settings.BaudRate} is not supported.");

        Libc.Termios t;
        if (Libc.TcGetAttr(fd, &t) != 0)
            throw TerminalFailure(path, "tcgetattr", Libc.LastErrno);

        Libc.CfMakeRaw(&t);
        t.c_iflag &= ~(Libc.IXON | Libc.IXOFF | Libc.IXANY | Libc.INPCK | Libc.IGNPAR | Libc.PARMRK | Libc.ISTRIP);
        if (settings.Parity != SerialParity.None)
            t.c_iflag |= Libc.INPCK | Libc.IGNPAR; // check parity, drop bad characters (the decoder resyncs)
        t.c_cflag &= ~(Libc.CSIZE | Libc.PARENB | Libc.PARODD | Libc.CSTOPB | Libc.CRTSCTS | Libc.HUPCL);
        var wanted = ExpectedControlFlags(settings);
        t.c_cflag |= wanted;
        // VMIN=1 VTIME=0 (as cfmakeraw leaves them): with O_NONBLOCK a read of an empty port then fails
        // with EAGAIN and returns 0 only on hang-up. VMIN=0 would make "no data" and EOF both return 0.
        t.c_cc[Libc.VMIN] = 1;
        t.c_cc[Libc.VTIME] = 0;
        if (Libc.CfSetISpeed(&t, speed) != 0 || Libc.CfSetOSpeed(&t, speed) != 0)
            throw new SerialPortException(path, $"Cannot set baud rate {settings.BaudRate} on {path}: {Libc.Describe(Libc.LastErrno)}.");
        if (Libc.TcSetAttr(fd, Libc.TCSANOW, &t) != 0)
            throw TerminalFailure(path, "tcsetattr", Libc.LastErrno);

        // tcsetattr succeeds if any change took: read back and check what matters.
        Libc.Termios actual;
        if (Libc.TcGetAttr(fd, &actual) != 0)
            throw TerminalFailure(path, "tcgetattr", Libc.LastErrno);
        var framing = Libc.CSIZE | Libc.PARENB | Libc.PARODD | Libc.CSTOPB | Libc.CRTSCTS | Libc.HUPCL | Libc.CLOCAL | Libc.CREAD;
        if (IsPseudoTerminal(fd))
            framing &= ~(Libc.CSIZE | Libc.PARENB); // the pty driver always reports CS8 without parity: no wire, no framing
        if ((actual.c_cflag & framing) != (wanted & framing) || Libc.CfGetISpeed(&actual) != speed || Libc.CfGetOSpeed(&actual) != speed
            || (actual.c_lflag & (Libc.ICANON | Libc.ECHO | Libc.ISIG)) != 0 || (actual.c_oflag & Libc.OPOST) != 0)
            throw new SerialPortException(path, $"Serial port {path} did not accept the settings {settings} (raw mode, no flow control, HUPCL off).");
    }

    /// <summary>Whether the descriptor is a Unix98 pty slave (/dev/pts/N), whatever path or link opened it.</summary>
    private static bool IsPseudoTerminal(FileDescriptor fd) =>
        new FileInfo($"/proc/self/fd/{fd.Number}").LinkTarget?.StartsWith("/dev/pts/", StringComparison.Ordinal) == true;

    /// <summary>The c_cflag bits (within CSIZE|PARENB|PARODD|CSTOPB|CRTSCTS|HUPCL|CLOCAL|CREAD) the settings call for.</summary>
    internal static uint ExpectedControlFlags(SerialPortSettings settings)
    {
        var flags = Libc.CLOCAL | Libc.CREAD | settings.DataBits switch
        {
            5 => Libc.CS5,
            6 => Libc.CS6,
            7 => Libc.CS7,
            _ => Libc.CS8,
        };
        if (settings.Parity != SerialParity.None)
            flags |= Libc.PARENB;
        if (settings.Parity == SerialParity.Odd)
            flags |= Libc.PARODD;
        if (settings.StopBits == SerialStopBits.Two)
            flags |= Libc.CSTOPB;
        return flags;
    }

    private static SerialPortException OpenFailure(string path, int errno) => errno switch
    {
        Libc.ENOENT => new SerialPortNotFoundException(path, $"Serial port {path} does not exist: the device is unplugged or the configured path is wrong."),
        Libc.ENXIO or Libc.ENODEV => new SerialPortNotFoundException(path, $"Serial port {path} has no device behind it ({Libc.Describe(errno)}): it is unplugged."),
        Libc.EBUSY => new SerialPortBusyException(path, "the kernel refused the open (its owner set TIOCEXCL)"),
        Libc.EACCES => new SerialPortException(path, $"Permission denied opening serial port {path}: run as a member of the device's group (usually dialout)."),
        _ => new SerialPortException(path, $"Cannot open serial port {path}: {Libc.Describe(errno)}."),
    };

    private static SerialPortException TerminalFailure(string path, string call, int errno) => errno == Libc.ENOTTY
        ? new SerialPortException(path, $"{path} is not a serial port (not a terminal device: {call} failed with {Libc.Describe(errno)}).")
        : errno is Libc.EIO or Libc.ENODEV or Libc.ENXIO
            ? new LinkDownException(path, errno == Libc.EIO ? LinkDownReason.InputOutputError : LinkDownReason.NoDevice, errno)
            : new SerialPortException(path, $"Cannot configure serial port {path}: {call} failed with {Libc.Describe(errno)}.");
}
