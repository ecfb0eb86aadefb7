namespace Charger.Actors.Serial;

/// <summary>
/// Baud rates Linux termios can express, and their <c>Bxxx</c> speed constants (asm-generic values,
/// the same on x86-64, arm64 and arm). Arbitrary rates would need termios2/BOTHER: not needed for an ESP32.
/// </summary>
internal static class BaudRates
{
    private static readonly Dictionary<int, uint> s_speedConstants = new()
    {
        [50] = 0x1, [75] = 0x2, [110] = 0x3, [134] = 0x4, [150] = 0x5, [200] = 0x6, [300] = 0x7,
        [600] = 0x8, [1200] = 0x9, [1800] = 0xA, [2400] = 0xB, [4800] = 0xC, [9600] = 0xD,
        [19200] = 0xE, [38400] = 0xF,
        [57600] = 0x1001, [115200] = 0x1002, [230400] = 0x1003, [460800] = 0x1004, [500000] = 0x1005,
        [576000] = 0x1006, [921600] = 0x1007, [1000000] = 0x1008, [1152000] = 0x1009, [1500000] = 0x100A,
        [2000000] = 0x100B, [2500000] = 0x100C, [3000000] = 0x100D, [3500000] = 0x100E, [4000000] = 0x100F,
    };

    public static IEnumerable<int> Supported => s_speedConstants.Keys.Order();

    public static bool TryGetSpeedConstant(int baudRate, out uint speed) =>
        s_speedConstants.TryGetValue(baudRate, out speed);
}
