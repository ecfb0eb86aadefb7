using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;

namespace Charger.Actors.Serial;

/// <summary>
/// A pseudo-terminal pair that stands in for a USB serial device: the runtime opens <see cref="DevicePath"/>
/// with <see cref="LinuxSerialPort"/> as if it were /dev/ttyUSB0, and a test or the ESP32 simulator plays
/// the device on the master side (<see cref="Write"/>, <see cref="Input"/>).
/// </summary>
/// <remarks>
/// <para>Unplug and re-plug: give a <c>linkPath</c> (e.g. <c>/tmp/x/ttyESP32</c>). It becomes a symlink to
/// the slave (created atomically, replacing an older link). <see cref="Dispose"/> removes the link (if it
/// still points here) and closes the master, so the runtime's port sees the hang-up (EOF/EIO/POLLHUP) and
/// reopening the path fails with <see cref="SerialPortNotFoundException"/>. A new
/// <c>PseudoTerminal.Open(samePath)</c> is the device reappearing at the same path.</para>
/// <para>The pair is put in raw mode at once (no echo, no CR/LF translation; termios calls on a master act
/// on its slave). The pair keeps one slave descriptor open for its whole life: without it the master
/// would report POLLHUP/EIO whenever the runtime has the port closed (between reconnects), which is not how
/// a real device behaves.</para>
/// <para>Created with posix_openpt/grantpt/unlockpt/ptsname_r: all in libc on every glibc version, unlike
/// openpty, which is in libutil before glibc 2.34.</para>
/// </remarks>
public sealed class PseudoTerminal : IDisposable
{
    private readonly FileDescriptor _master;
    private readonly FileDescriptor _slave;
    private readonly StopSignal _stop = new();
    private readonly Lock _gate = new();
    private readonly Lock _writeLock = new();
    private ReadLoop? _readLoop;
    private int _disposed;

    private PseudoTerminal(FileDescriptor master, FileDescriptor slave, string slavePath, string? linkPath)
    {
        _master = master;
        _slave = slave;
        SlavePath = slavePath;
        LinkPath = linkPath;
    }

    /// <summary>The slave device, e.g. <c>/dev/pts/3</c>.</summary>
    public string SlavePath { get; }

    /// <summary>The symlink to the slave, if one was asked for.</summary>
    public string? LinkPath { get; }

    /// <summary>The path the runtime should open: the link if any, else the slave.</summary>
    public string DevicePath => LinkPath ?? SlavePath;

    /// <summary>The master descriptor (non-blocking), for callers that do their own I/O; do not mix with <see cref="Input"/>.</summary>
    public int MasterFd
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _master.Number;
        }
    }

    /// <summary>
    /// Bytes the runtime wrote to the slave, one chunk per read(). The read thread starts on first use.
    /// Completes normally on <see cref="Dispose"/>.
    /// </summary>
    public ChannelReader<ReadOnlyMemory<byte>> Input
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                if (_readLoop is null)
                {
                    _readLoop = new ReadLoop(_master, _stop, SlavePath + " (master)", "pty master " + SlavePath);
                    _readLoop.Start();
                }
                return _readLoop.Output;
            }
        }
    }

    /// <summary>Opens a new pair in raw mode, optionally with a symlink <paramref name="linkPath"/> to its slave.</summary>
    public static unsafe PseudoTerminal Open(string? linkPath = null)
    {
        Libc.EnsureSupportedPlatform();
        // glibc's posix_openpt is open("/dev/ptmx", flags): the extra flags pass through.
        var raw = Libc.PosixOpenPt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (raw < 0)
            throw new IOException($"posix_openpt failed: {Libc.Describe(Libc.LastErrno)}.");
        var master = new FileDescriptor(raw);
        FileDescriptor? slave = null;
        try
        {
            if (Libc.GrantPt(master) != 0)
                throw new IOException($"grantpt failed: {Libc.Describe(Libc.LastErrno)}.");
            if (Libc.UnlockPt(master) != 0)
                throw new IOException($"unlockpt failed: {Libc.Describe(Libc.LastErrno)}.");
            var name = stackalloc byte[256];
            var rc = Libc.PtsNameR(master, name, 256);
            if (rc != 0)
                throw new IOException($"ptsname_r failed: {Libc.Describe(rc)}.");
            var slavePath = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(name));

            MakeRaw(master);
            var slaveRaw = Libc.Open(slavePath, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            if (slaveRaw < 0)
                throw new IOException($"Cannot open pty slave {slavePath}: {Libc.Describe(Libc.LastErrno)}.");
            slave = new FileDescriptor(slaveRaw);
            // The slave stays open for the pty's lifetime, so its line discipline is live even before
            // the runtime opens it: raw mode now, or boot text would be echoed back to the device and
            // a 0x04 in it would read as end-of-file.
            MakeRaw(slave);

            if (linkPath is not null)
                CreateLink(linkPath, slavePath);
            return new PseudoTerminal(master, slave, slavePath, linkPath);
        }
        catch
        {
            slave?.Dispose();
            master.Dispose();
            throw;
        }
    }

    /// <summary>Writes all bytes to the runtime's side; throws <see cref="TimeoutException"/> if nobody reads for 5 s.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_writeLock)
            DescriptorWriter.WriteAll(_master, _stop, data, TimeSpan.FromSeconds(5), SlavePath + " (master)");
    }

    /// <summary>
    /// Writes what the kernel buffer takes now and drops the rest, like a UART nobody reads: for a
    /// device model that must never block. Returns the number of bytes written.
    /// </summary>
    public unsafe int WriteOrDrop(ReadOnlySpan<byte> data)
    {
        if (Volatile.Read(ref _disposed) != 0 || data.IsEmpty) return 0;
        var added = false;
        try
        {
            _master.DangerousAddRef(ref added);
            fixed (byte* p = data)
            {
                var offset = 0;
                while (offset < data.Length)
                {
                    var n = Libc.Write(_master, p + offset, (nuint)(data.Length - offset));
                    if (n > 0) offset += (int)n;
                    else if (n < 0 && Libc.LastErrno == Libc.EINTR) continue;
                    else break; // EAGAIN (buffer full) or an error: the rest is lost on the wire
                }
                return offset;
            }
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            if (added) _master.DangerousRelease();
        }
    }

    /// <summary>
    /// Bytes written on the master that the runtime has not read from the slave yet, and bytes the runtime
    /// wrote that the master side has not read: both zero means the real I/O has caught up. Test rigs on a
    /// manual clock wait for that before moving time, so simulated time never outruns a busy reader.
    /// </summary>
    public (int ToRuntime, int FromRuntime) Unread
    {
        get
        {
            if (Volatile.Read(ref _disposed) != 0) return (0, 0);
            try
            {
                return (QueuedInput(_slave), QueuedInput(_master));
            }
            catch (ObjectDisposedException)
            {
                return (0, 0);
            }
        }
    }

    private static unsafe int QueuedInput(FileDescriptor fd)
    {
        int queued; // the SafeHandle marshaller keeps fd alive for the call, or throws ObjectDisposedException
        return Libc.Ioctl(fd, Libc.FIONREAD, &queued) == 0 ? queued : 0;
    }

    /// <summary>The device disappears: removes the link if it still points here, closes both sides.</summary>
    /// <summary>
    /// The slave's terminal attributes, whoever opened it: termios belongs to the tty, not to a descriptor, so
    /// this shows what a driver under test set on its own descriptor (tests of either serial driver use it).
    /// </summary>
    internal unsafe Libc.Termios ReadSlaveAttributes()
    {
        Libc.Termios t;
        if (Libc.TcGetAttr(_slave, &t) != 0)
            throw new IOException($"tcgetattr on {SlavePath} failed: {Libc.Describe(Libc.LastErrno)}.");
        return t;
    }

    /// <summary>Sets <paramref name="flags"/> in the slave's c_cflag (tests: a USB tty starts with HUPCL set, a pty without).</summary>
    internal unsafe void SetSlaveControlFlags(uint flags)
    {
        var t = ReadSlaveAttributes();
        t.c_cflag |= flags;
        if (Libc.TcSetAttr(_slave, Libc.TCSANOW, &t) != 0)
            throw new IOException($"tcsetattr on {SlavePath} failed: {Libc.Describe(Libc.LastErrno)}.");
    }

    /// <summary>TIOCMGET on the slave: the modem lines, or the errno (a pty has no modem lines and refuses it).</summary>
    internal unsafe (int Lines, int Errno) ReadModemLines()
    {
        int lines;
        return Libc.Ioctl(_slave, Libc.TIOCMGET, &lines) == 0 ? (lines, 0) : (0, Libc.LastErrno);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stop.Set();
        ReadLoop? loop;
        lock (_gate)
            loop = _readLoop;
        loop?.Join(TimeSpan.FromSeconds(5));
        if (LinkPath is not null)
            RemoveLinkIfOurs(LinkPath, SlavePath);
        _master.Dispose(); // hangs up the slave: the runtime's port sees EOF/EIO/POLLHUP
        _slave.Dispose();
        _stop.Dispose();
    }

    private static unsafe void MakeRaw(FileDescriptor master)
    {
        Libc.Termios t;
        if (Libc.TcGetAttr(master, &t) != 0)
            throw new IOException($"tcgetattr on a pty master failed: {Libc.Describe(Libc.LastErrno)}.");
        Libc.CfMakeRaw(&t); // leaves VMIN=1 VTIME=0
        if (Libc.TcSetAttr(master, Libc.TCSANOW, &t) != 0)
            throw new IOException($"tcsetattr on a pty master failed: {Libc.Describe(Libc.LastErrno)}.");
    }

    private static void CreateLink(string linkPath, string target)
    {
        var existing = new FileInfo(linkPath);
        if (existing.LinkTarget is null && (existing.Exists || Directory.Exists(linkPath)))
            throw new IOException($"{linkPath} exists and is not a symbolic link; refusing to replace it with a link to {target}.");
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(linkPath))!;
        Directory.CreateDirectory(directory);
        // Create aside, then rename over: the path never dangles between an old and a new device.
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(linkPath)}.{Guid.NewGuid():N}");
        File.CreateSymbolicLink(temporary, target);
        try
        {
            File.Move(temporary, linkPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void RemoveLinkIfOurs(string linkPath, string target)
    {
        try
        {
            if (new FileInfo(linkPath).LinkTarget == target)
                File.Delete(linkPath);
        }
        catch (IOException)
        {
            // Someone else replaced or removed it: theirs now.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
