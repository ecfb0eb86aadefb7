using System.Runtime.InteropServices;
using Charger.Actors.Serial;

namespace Charger.Tests.Serial;

public sealed class TermiosLayoutTests
{
    [Fact]
    public void The_termios_struct_matches_glibc_generic_layout()
    {
        // glibc: 4 x tcflag_t, cc_t c_line, cc_t c_cc[32], (pad), speed_t c_ispeed, c_ospeed.
        Assert.Equal(60, TermiosProbe.SizeOfTermios);
        Assert.Equal(17, (int)Marshal.OffsetOf<Libc.Termios>("c_cc"));
        Assert.Equal(52, (int)Marshal.OffsetOf<Libc.Termios>(nameof(Libc.Termios.c_ispeed)));
    }
}
