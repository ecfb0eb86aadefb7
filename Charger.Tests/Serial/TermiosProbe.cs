using System.Runtime.CompilerServices;
using Charger.Actors.Serial;

namespace Charger.Tests.Serial;

/// <summary>
/// Independent expectations for termios checks: values copied from the Linux headers
/// (asm-generic/termbits.h), not from the code under test.
/// </summary>
internal static class TermiosProbe
{
    public const uint CSIZE = 0x30, CS8 = 0x30, CSTOPB = 0x40, CREAD = 0x80, PARENB = 0x100, PARODD = 0x200, HUPCL = 0x400, CLOCAL = 0x800;
    public const uint CRTSCTS = 0x80000000;
    public const uint CBAUD = 0x100F;
    public const uint FramingMask = CSIZE | CSTOPB | PARENB | PARODD | CREAD | CLOCAL | HUPCL | CRTSCTS;
    public const uint OPOST = 0x1;
    // IXON | IXOFF | IXANY | ICRNL | INLCR | IGNCR | ISTRIP
    public const uint SoftwareFlowAndTranslation = 0x400 | 0x1000 | 0x800 | 0x100 | 0x40 | 0x80 | 0x20;
    // ICANON | ECHO | ECHONL | ISIG | IEXTEN
    public const uint CanonicalEchoSignals = 0x2 | 0x8 | 0x40 | 0x1 | 0x8000;

    public static uint SpeedConstant(int baud) => baud switch
    {
        9600 => 0xD,
        57600 => 0x1001,
        115200 => 0x1002,
        _ => throw new ArgumentOutOfRangeException(nameof(baud)),
    };

    public static uint SpeedOf(Libc.Termios t) => t.c_cflag & CBAUD;

    // VMIN is c_cc[6], VTIME is c_cc[5].
    public static (int Min, int Time) MinAndTime(Libc.Termios t) => (t.ControlCharacter(6), t.ControlCharacter(5));

    public static int SizeOfTermios => Unsafe.SizeOf<Libc.Termios>();
}
