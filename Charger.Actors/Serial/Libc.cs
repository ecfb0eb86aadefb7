using System.Runtime.InteropServices;

namespace Charger.Actors.Serial;

/// <summary>
/// The few glibc calls and constants the serial layer needs. Hand-written because System.IO.Ports
/// cannot be restored from the package registry our builds use (and its Linux implementation keeps
/// stale handles after an unplug, dotnet/runtime#121627). Source-generated P/Invoke, no marshalling
/// beyond UTF-8 strings and <see cref="FileDescriptor"/>.
/// </summary>
/// <remarks>
/// Constants are those of the Linux asm-generic headers and glibc's generic <c>struct termios</c>,
/// shared by x86-64, arm64 and 32-bit arm (not alpha, mips, powerpc or sparc: see
/// <see cref="EnsureSupportedPlatform"/>). Library: <c>libc.so.6</c>, i.e. glibc (Debian, Raspberry Pi OS).
/// </remarks>
internal static unsafe partial class Libc
{
    private const string Lib = "libc.so.6";

    // fcntl.h
    public const int O_RDWR = 0x2;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    // errno.h
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EAGAIN = 11; // == EWOULDBLOCK
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int ENOTTY = 25;
    public const int EPIPE = 32;

    // poll.h
    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    // sys/file.h
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;

    // sys/eventfd.h
    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;

    // asm-generic/ioctls.h
    public const nuint TIOCEXCL = 0x540C;
    public const nuint TIOCNXCL = 0x540D;
    public const nuint FIONREAD = 0x541B; // == TIOCINQ: bytes in the input queue
    public const nuint TIOCMGET = 0x5415; // modem lines (TIOCM_*); a pty has none and fails it
    public const int TIOCM_DTR = 0x002;
    public const int TIOCM_RTS = 0x004;

    // termios.h: tcsetattr actions and tcflush queues
    public const int TCSANOW = 0;
    public const int TCIOFLUSH = 2;

    // c_iflag
    public const uint IGNBRK = 0x1;
    public const uint BRKINT = 0x2;
    public const uint IGNPAR = 0x4;
    public const uint PARMRK = 0x8;
    public const uint INPCK = 0x10;
    public const uint ISTRIP = 0x20;
    public const uint INLCR = 0x40;
    public const uint IGNCR = 0x80;
    public const uint ICRNL = 0x100;
    public const uint IXON = 0x400;
    public const uint IXANY = 0x800;
    public const uint IXOFF = 0x1000;

    // c_oflag
    public const uint OPOST = 0x1;

    // c_cflag
    public const uint CBAUD = 0x100F;
    public const uint CSIZE = 0x30;
    public const uint CS5 = 0x00;
    public const uint CS6 = 0x10;
    public const uint CS7 = 0x20;
    public const uint CS8 = 0x30;
    public const uint CSTOPB = 0x40;
    public const uint CREAD = 0x80;
    public const uint PARENB = 0x100;
    public const uint PARODD = 0x200;
    public const uint HUPCL = 0x400;
    public const uint CLOCAL = 0x800;
    public const uint CRTSCTS = 0x80000000;

    // c_lflag
    public const uint ISIG = 0x1;
    public const uint ICANON = 0x2;
    public const uint ECHO = 0x8;
    public const uint ECHONL = 0x40;
    public const uint IEXTEN = 0x8000;

    // c_cc indices
    public const int VTIME = 5;
    public const int VMIN = 6;

    /// <summary>glibc's user-space <c>struct termios</c> (generic layout, 60 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Termios
    {
        public const int NCCS = 32;
        public uint c_iflag;
        public uint c_oflag;
        public uint c_cflag;
        public uint c_lflag;
        public byte c_line;
        public fixed byte c_cc[NCCS];
        public uint c_ispeed;
        public uint c_ospeed;

        /// <summary>c_cc[index], for callers without an unsafe context.</summary>
        public readonly byte ControlCharacter(int index) => (uint)index < NCCS ? c_cc[index] : throw new ArgumentOutOfRangeException(nameof(index));
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int fd;
        public short events;
        public short revents;
    }

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(FileDescriptor fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(FileDescriptor fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(FileDescriptor fd, nuint request);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(FileDescriptor fd, nuint request, int* value);

    [LibraryImport(Lib, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(FileDescriptor fd, int operation);

    [LibraryImport(Lib, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Lib, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int TcGetAttr(FileDescriptor fd, Termios* termios);

    [LibraryImport(Lib, EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int TcSetAttr(FileDescriptor fd, int optionalActions, Termios* termios);

    [LibraryImport(Lib, EntryPoint = "tcflush", SetLastError = true)]
    public static partial int TcFlush(FileDescriptor fd, int queueSelector);

    [LibraryImport(Lib, EntryPoint = "cfmakeraw")]
    public static partial void CfMakeRaw(Termios* termios);

    [LibraryImport(Lib, EntryPoint = "cfsetispeed", SetLastError = true)]
    public static partial int CfSetISpeed(Termios* termios, uint speed);

    [LibraryImport(Lib, EntryPoint = "cfsetospeed", SetLastError = true)]
    public static partial int CfSetOSpeed(Termios* termios, uint speed);

    [LibraryImport(Lib, EntryPoint = "cfgetispeed")]
    public static partial uint CfGetISpeed(Termios* termios);

    [LibraryImport(Lib, EntryPoint = "cfgetospeed")]
    public static partial uint CfGetOSpeed(Termios* termios);

    [LibraryImport(Lib, EntryPoint = "posix_openpt", SetLastError = true)]
    public static partial int PosixOpenPt(int flags);

    [LibraryImport(Lib, EntryPoint = "grantpt", SetLastError = true)]
    public static partial int GrantPt(FileDescriptor fd);

    [LibraryImport(Lib, EntryPoint = "unlockpt", SetLastError = true)]
    public static partial int UnlockPt(FileDescriptor fd);

    [LibraryImport(Lib, EntryPoint = "ptsname_r", SetLastError = true)]
    public static partial int PtsNameR(FileDescriptor fd, byte* buffer, nuint length);

    /// <summary>errno of the last P/Invoke above (captured by the generated stub).</summary>
    public static int LastErrno => Marshal.GetLastPInvokeError();

    /// <summary>"EIO (Input/output error)"-style text for an errno.</summary>
    public static string Describe(int errno) => $"{ErrnoName(errno)} ({Marshal.GetPInvokeErrorMessage(errno)})";

    public static string ErrnoName(int errno) => errno switch
    {
        ENOENT => "ENOENT",
        EINTR => "EINTR",
        EIO => "EIO",
        ENXIO => "ENXIO",
        EAGAIN => "EAGAIN",
        EACCES => "EACCES",
        EBUSY => "EBUSY",
        ENODEV => "ENODEV",
        ENOTTY => "ENOTTY",
        EPIPE => "EPIPE",
        _ => "errno " + errno,
    };

    /// <summary>Throws unless this is Linux on an architecture whose constants are the ones above.</summary>
    public static void EnsureSupportedPlatform()
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("The serial layer uses Linux termios and runs only on Linux.");
        var arch = RuntimeInformation.ProcessArchitecture;
        if (arch is not (Architecture.X64 or Architecture.Arm64 or Architecture.Arm))
            throw new PlatformNotSupportedException(
                $"The serial layer's termios constants are those of linux-x64/arm64/arm; this process runs on {arch}.");
    }
}
