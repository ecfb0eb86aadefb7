using System.Text;
using Charger.Actors.Protocol;

namespace Charger.Tests.Protocol;

/// <summary>
/// A session as the firmware prints it on USB, from power-on to the second idle after a fault: reset noise,
/// the ROM bootloader banner, the sketch's boot text (key dump running into the card list), periodic and
/// requested STAT frames through a whole charge (1→2→3→5→6→5→7→1), every ACK kind, fault INFO/WARN lines
/// (4.7.0 filter: ignored, counted, confirmed, cleared), a lost command's <c>&lt;ERR;INVALID_COMMA&gt;</c> and the
/// RFID <c>of&lt;n&gt;</c> debug lines with LF only. Each piece is written next to the frames it must decode to.
/// </summary>
internal static class RecordedSession
{
    private static readonly (byte[] Wire, Esp32Frame[] Frames)[] s_pieces =
    [
        // Line noise while the USB-serial bridge powers up, then the ROM bootloader at 115200.
        (new byte[] { 0x00, 0xFF, 0xE0, 0x80 }, []),
        Text(
            "ets Jun  8 2016 00:22:57\r\n\r\n" +
            "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n" +
            "configsip: 0, SPIWP:0xee\r\n" +
            "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\r\n" +
            "mode:DIO, clock div:1\r\n" +
            "load:0x3fff0030,len:1184\r\n" +
            "load:0x40078000,len:13232\r\n" +
            "load:0x40080400,len:3028\r\n" +
            "entry 0x400805e4\r\n",
            Noise("\uFFFD\uFFFD\uFFFDets Jun  8 2016 00:22:57"),
            Noise("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)"),
            Noise("configsip: 0, SPIWP:0xee"),
            Noise("clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00"),
            Noise("mode:DIO, clock div:1"),
            Noise("load:0x3fff0030,len:1184"),
            Noise("load:0x40078000,len:13232"),
            Noise("load:0x40080400,len:3028"),
            Noise("entry 0x400805e4")),
        Text(
            "CSRPI Charging Station v4.8.0 - Dual UART\r\n" +
            "USB: Monitoring | GPIO: Commands\r\n" +
            "GPIO UART: RX=GPIO34, TX=GPIO21, Baud=115200\r\n" +
            "This code scan the MIFARE Classsic NUID.\r\n" +
            "Using the following key: FF FF FF FF FF FF",
            Noise("CSRPI Charging Station v4.8.0 - Dual UART"),
            Noise("USB: Monitoring | GPIO: Commands"),
            Noise("GPIO UART: RX=GPIO34, TX=GPIO21, Baud=115200"),
            Noise("This code scan the MIFARE Classsic NUID.")),
        Text(
            "Kart 0 Valid=170 ID=3735928559;\r\n" +
            "Kart 1 Valid=170 ID=305419896;\r\n" +
            "Kart 2 Valid=255 ID=4294967295;\r\n" +
            "Kart 3 Valid=255 ID=4294967295;\r\n" +
            "Kart 4 Valid=255 ID=4294967295;\r\n" +
            "Kart 5 Valid=255 ID=4294967295;\r\n" +
            "Kart 6 Valid=255 ID=4294967295;\r\n" +
            "Kart 7 Valid=255 ID=4294967295;\r\n" +
            "Kart 8 Valid=255 ID=4294967295;\r\n" +
            "Kart 9 Valid=255 ID=4294967295;\r\n",
            Noise("Using the following key: FF FF FF FF FF FFKart 0 Valid=170 ID=3735928559;"),
            Noise("Kart 1 Valid=170 ID=305419896;"),
            Noise("Kart 2 Valid=255 ID=4294967295;"),
            Noise("Kart 3 Valid=255 ID=4294967295;"),
            Noise("Kart 4 Valid=255 ID=4294967295;"),
            Noise("Kart 5 Valid=255 ID=4294967295;"),
            Noise("Kart 6 Valid=255 ID=4294967295;"),
            Noise("Kart 7 Valid=255 ID=4294967295;"),
            Noise("Kart 8 Valid=255 ID=4294967295;"),
            Noise("Kart 9 Valid=255 ID=4294967295;")),

        // Runtime start: read status, then max current 16 A (forces STATE 1, harmless in IDLE).
        Text(
            "<STAT;CP=0;CPV=3931;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=32;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n" +
            "<ACK;CMD=READSTAT;STATUS=OK;>\r\n",
            Wire.Stat(0, 3931, 0, 2457, 0, 0, 0, 255, 32, 0, 0, 1),
            new AckFrame("READSTAT", "OK")),
        Text("<ACK;CMD=SETMAXAMP;STATUS=OK;>\r\n", new AckFrame("SETMAXAMP", "OK")),
        Text(
            "<STAT;CP=0;CPV=3928;PP=0;PPV=2456;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n",
            Wire.Stat(0, 3928, 0, 2456, 0, 0, 0, 255, 16, 0, 0, 1)),

        // Cable into the station (20 A), then the EV: PWM shows before authorization.
        Text(
            "<STAT;CP=0;CPV=3920;PP=1;PPV=1566;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=20;AUTH=0;STATE=2;PB=0;STOP=0;>\r\n",
            Wire.Stat(0, 3920, 1, 1566, 0, 0, 0, 255, 16, 20, 0, 2)),
        Text(
            "<STAT;CP=1;CPV=2710;PP=1;PPV=1520;RL=0;LOCK=0;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=0;STATE=3;PB=0;STOP=0;>\r\n",
            Wire.Stat(1, 2710, 1, 1520, 0, 0, 0, 66, 16, 20, 0, 3)),
        Text("of200\n", Noise("of200")),

        // Authorize, confirmed by read status; the READY pass is never sampled.
        Text("<ACK;CMD=AUTH;STATUS=OK;>\r\n", new AckFrame("AUTH", "OK")),
        Text(
            "<STAT;CP=2;CPV=1847;PP=1;PPV=1520;RL=1;LOCK=1;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=1;STATE=5;PB=0;STOP=0;>\r\n" +
            "<ACK;CMD=READSTAT;STATUS=OK;>\r\n",
            Wire.Stat(2, 1847, 1, 1520, 1, 1, 0, 66, 16, 20, 1, 5),
            new AckFrame("READSTAT", "OK")),

        // Power-board noise while charging: one masked by the relay switch, then counted and cleared.
        Text(
            "<WARN;MSG=GF_IGNORED_RELAY_MASK;>\r\n" +
            "<INFO;MSG=GF_COUNT;VAL=1;>\r\n" +
            "<INFO;MSG=GF_COUNT;VAL=2;>\r\n" +
            "<INFO;MSG=FAULT_CLEARED;>\r\n",
            new WarnFrame("GF_IGNORED_RELAY_MASK"),
            new InfoFrame("GF_COUNT", 1),
            new InfoFrame("GF_COUNT", 2),
            new InfoFrame("FAULT_CLEARED", null)),

        // A command whose first bytes were lost merged with the next one.
        Text("<ERR;INVALID_COMMA>\r\n", new ErrFrame("INVALID_COMMA", null)),
        Text(
            "<STAT;CP=2;CPV=1846;PP=1;PPV=1520;RL=1;LOCK=1;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=1;STATE=5;PB=0;STOP=0;>\r\n",
            Wire.Stat(2, 1846, 1, 1520, 1, 1, 0, 66, 16, 20, 1, 5)),

        // The EV pauses (relay opens, RL stays 1), resumes, then the runtime sends stop (no ACK).
        Text(
            "<STAT;CP=1;CPV=2705;PP=1;PPV=1520;RL=1;LOCK=0;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=1;STATE=6;PB=0;STOP=0;>\r\n",
            Wire.Stat(1, 2705, 1, 1520, 1, 0, 0, 66, 16, 20, 1, 6)),
        Text(
            "<STAT;CP=2;CPV=1847;PP=1;PPV=1520;RL=1;LOCK=1;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=1;STATE=5;PB=0;STOP=0;>\r\n",
            Wire.Stat(2, 1847, 1, 1520, 1, 1, 0, 66, 16, 20, 1, 5)),
        Text(
            "<STAT;CP=1;CPV=2712;PP=1;PPV=1521;RL=0;LOCK=1;MOTOR=0;PWM=255;MAX=16;CABLE=20;AUTH=0;STATE=7;PB=0;STOP=0;>\r\n" +
            "<ACK;CMD=READSTAT;STATUS=OK;>\r\n",
            Wire.Stat(1, 2712, 1, 1521, 0, 1, 0, 255, 16, 20, 0, 7),
            new AckFrame("READSTAT", "OK")),
        Text("of3\n", Noise("of3")),
        Text(
            "<INFO;MSG=FINISHING_EXIT_STATION_CABLE_DISCONNECTED;>\r\n" +
            "<STAT;CP=0;CPV=3930;PP=0;PPV=2455;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n",
            new InfoFrame("FINISHING_EXIT_STATION_CABLE_DISCONNECTED", null),
            Wire.Stat(0, 3930, 0, 2455, 0, 0, 0, 255, 16, 0, 0, 1)),

        // Replies the runtime never asks for but the firmware can give.
        Text(
            "<ACK;CMD=AUTH;STATUS=CLEARED;>\r\n" +
            "<ACK;CMD=SETMAXAMP;STATUS=ERR;>\r\n" +
            "<ACK;CMD=LOCK;STATUS=OK;>\r\n" +
            "<ACK;CMD=UNLOCK;STATUS=OK;>\r\n" +
            "<ACK;CMD=UNKNOWN;STATUS=ERR;>\r\n",
            new AckFrame("AUTH", "CLEARED"),
            new AckFrame("SETMAXAMP", "ERR"),
            new AckFrame("LOCK", "OK"),
            new AckFrame("UNLOCK", "OK"),
            new AckFrame("UNKNOWN", "ERR")),

        // A phase fault confirmed on the 10th packet: FAULT_HARD, then HARDFAULT_END, then IDLE.
        Text(
            "<INFO;MSG=PF_COUNT;VAL=8;>\r\n" +
            "<INFO;MSG=PF_COUNT;VAL=9;>\r\n" +
            "<INFO;MSG=PF_COUNT;VAL=10;>\r\n" +
            "<WARN;MSG=PF_CONFIRMED;>\r\n",
            new InfoFrame("PF_COUNT", 8),
            new InfoFrame("PF_COUNT", 9),
            new InfoFrame("PF_COUNT", 10),
            new WarnFrame("PF_CONFIRMED")),
        Text(
            "<STAT;CP=0;CPV=3931;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=1;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=8;PB=1;STOP=0;>\r\n",
            Wire.Stat(0, 3931, 0, 2457, 0, 0, 1, 255, 16, 0, 0, 8, pb: 1)),
        Text("<INFO;MSG=FAULT_CLEARED;>\r\n<WARN;MSG=FAULT_TIMEOUT_RESET;>\r\n",
            new InfoFrame("FAULT_CLEARED", null),
            new WarnFrame("FAULT_TIMEOUT_RESET")),
        Text(
            "<STAT;CP=0;CPV=3931;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=1;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=0;PB=0;STOP=0;>\r\n" +
            "<STAT;CP=0;CPV=3929;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n",
            Wire.Stat(0, 3931, 0, 2457, 0, 0, 1, 255, 16, 0, 0, 0),
            Wire.Stat(0, 3929, 0, 2457, 0, 0, 0, 255, 16, 0, 0, 1)),
    ];

    /// <summary>The whole session as one byte stream.</summary>
    public static byte[] Bytes { get; } = [.. s_pieces.SelectMany(p => p.Wire)];

    /// <summary>What decoding <see cref="Bytes"/> must give, in order.</summary>
    public static IReadOnlyList<Esp32Frame> Frames { get; } = [.. s_pieces.SelectMany(p => p.Frames)];

    private static (byte[], Esp32Frame[]) Text(string wire, params Esp32Frame[] frames) =>
        (Encoding.ASCII.GetBytes(wire), frames);

    private static NoiseLine Noise(string text) => new(text);
}
