using Charger.Actors.Protocol;

namespace Charger.Tests.Protocol;

/// <summary>Every message in the firmware's catalogue (ESP32-FIRMWARE.md 1.6), exactly as it prints it.</summary>
public sealed class FirmwareCatalogueTests
{
    [Fact]
    public void Stat_frame_as_printed_with_crlf()
    {
        var frames = Wire.Decode(
            "<STAT;CP=2;CPV=1847;PP=1;PPV=1520;RL=1;LOCK=1;MOTOR=0;PWM=66;MAX=16;CABLE=20;AUTH=1;STATE=5;PB=0;STOP=0;>\r\n");
        Assert.Equal([Wire.Stat(2, 1847, 1, 1520, 1, 1, 0, 66, 16, 20, 1, 5)], frames);
    }

    [Fact]
    public void Stat_frame_of_an_idle_station()
    {
        var stat = Wire.Single<StatFrame>(
            "<STAT;CP=0;CPV=3931;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=12;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n");
        Assert.Equal(Wire.Stat(0, 3931, 0, 2457, 0, 0, 0, 255, 12, 0, 0, 1), stat);
        Assert.Empty(stat.Extra);
    }

    [Theory]
    [InlineData("<ACK;CMD=READSTAT;STATUS=OK;>", "READSTAT", "OK")]
    [InlineData("<ACK;CMD=AUTH;STATUS=OK;>", "AUTH", "OK")]
    [InlineData("<ACK;CMD=AUTH;STATUS=CLEARED;>", "AUTH", "CLEARED")]
    [InlineData("<ACK;CMD=AUTH;STATUS=NOT CLEARED;>", "AUTH", "NOT CLEARED")]
    [InlineData("<ACK;CMD=SETMAXAMP;STATUS=OK;>", "SETMAXAMP", "OK")]
    [InlineData("<ACK;CMD=SETMAXAMP;STATUS=ERR;>", "SETMAXAMP", "ERR")]
    [InlineData("<ACK;CMD=UNLOCK;STATUS=OK;>", "UNLOCK", "OK")]
    [InlineData("<ACK;CMD=LOCK;STATUS=OK;>", "LOCK", "OK")]
    [InlineData("<ACK;CMD=UNKNOWN;STATUS=ERR;>", "UNKNOWN", "ERR")]
    public void Ack_frames(string wire, string command, string status)
    {
        var ack = Wire.Single<AckFrame>(wire + "\r\n");
        Assert.Equal(new AckFrame(command, status), ack);
        Assert.Empty(ack.Extra);
    }

    [Fact]
    public void Err_invalid_comma_has_no_semicolon_before_the_bracket()
    {
        var err = Wire.Single<ErrFrame>("<ERR;INVALID_COMMA>\r\n");
        Assert.Equal(new ErrFrame("INVALID_COMMA", null), err);
        Assert.Equal(0, DecodeCounters("<ERR;INVALID_COMMA>\r\n").ParseErrors);
    }

    [Theory]
    [InlineData("<WARN;MSG=FAULT_TIMEOUT_RESET;>", "FAULT_TIMEOUT_RESET")]
    [InlineData("<WARN;MSG=GF_IGNORED_RELAY_MASK;>", "GF_IGNORED_RELAY_MASK")]
    [InlineData("<WARN;MSG=PF_IGNORED_RELAY_MASK;>", "PF_IGNORED_RELAY_MASK")]
    [InlineData("<WARN;MSG=GF_CONFIRMED;>", "GF_CONFIRMED")]
    [InlineData("<WARN;MSG=PF_CONFIRMED;>", "PF_CONFIRMED")]
    public void Warn_frames(string wire, string message) =>
        Assert.Equal(new WarnFrame(message), Wire.Single<WarnFrame>(wire + "\r\n"));

    [Theory]
    [InlineData("<INFO;MSG=GF_COUNT;VAL=1;>", "GF_COUNT", 1)]
    [InlineData("<INFO;MSG=GF_COUNT;VAL=10;>", "GF_COUNT", 10)]
    [InlineData("<INFO;MSG=PF_COUNT;VAL=7;>", "PF_COUNT", 7)]
    [InlineData("<INFO;MSG=FAULT_CLEARED;>", "FAULT_CLEARED", null)]
    [InlineData("<INFO;MSG=FINISHING_EXIT_STATION_CABLE_DISCONNECTED;>", "FINISHING_EXIT_STATION_CABLE_DISCONNECTED", null)]
    public void Info_frames(string wire, string message, int? value) =>
        Assert.Equal(new InfoFrame(message, value), Wire.Single<InfoFrame>(wire + "\r\n"));

    [Fact]
    public void Rfid_debug_lines_end_with_lf_only_and_are_noise()
    {
        Assert.Equal(
            [new NoiseLine("of200"), new NoiseLine("of3"), new NoiseLine("of0")],
            Wire.Decode("of200\nof3\nof0\n"));
    }

    [Theory]
    [InlineData("<CARDEXISTS=1;>")]
    [InlineData("<CARDADDED=1;>")]
    [InlineData("<NOCARDSPACE=1;>")]
    public void Card_enrolment_frames_without_a_newline_are_unknown_frames_and_do_not_swallow_the_next(string wire)
    {
        var frames = Wire.Decode(wire + "<ACK;CMD=READSTAT;STATUS=OK;>\r\n");
        Assert.Equal([new UnknownFrame(wire), new AckFrame("READSTAT", "OK")], frames);
    }

    [Fact]
    public void Boot_text_is_kept_line_by_line_including_the_key_dump_that_runs_into_the_card_list()
    {
        const string boot =
            "CSRPI Charging Station v4.8.0 - Dual UART\r\n" +
            "USB: Monitoring | GPIO: Commands\r\n" +
            "GPIO UART: RX=GPIO34, TX=GPIO21, Baud=115200\r\n" +
            "This code scan the MIFARE Classsic NUID.\r\n" +
            "Using the following key: FF FF FF FF FF FF" +
            "Kart 0 Valid=170 ID=3735928559;\r\n" +
            "Kart 1 Valid=255 ID=4294967295;\r\n";
        Assert.Equal(
            [
                new NoiseLine("CSRPI Charging Station v4.8.0 - Dual UART"),
                new NoiseLine("USB: Monitoring | GPIO: Commands"),
                new NoiseLine("GPIO UART: RX=GPIO34, TX=GPIO21, Baud=115200"),
                new NoiseLine("This code scan the MIFARE Classsic NUID."),
                new NoiseLine("Using the following key: FF FF FF FF FF FFKart 0 Valid=170 ID=3735928559;"),
                new NoiseLine("Kart 1 Valid=255 ID=4294967295;"),
            ],
            Wire.Decode(boot));
        Assert.Equal(new FrameDecoderCounters(boot.Length, 0, 6, 0, 0, 0), DecodeCounters(boot));
    }

    [Fact]
    public void Read_status_reply_is_a_stat_frame_then_its_ack()
    {
        var frames = Wire.Decode(
            "<STAT;CP=0;CPV=3920;PP=1;PPV=910;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=32;AUTH=0;STATE=2;PB=0;STOP=0;>\r\n" +
            "<ACK;CMD=READSTAT;STATUS=OK;>\r\n");
        Assert.Equal([Wire.Stat(0, 3920, 1, 910, 0, 0, 0, 255, 16, 32, 0, 2), new AckFrame("READSTAT", "OK")], frames);
    }

    private static FrameDecoderCounters DecodeCounters(string text)
    {
        var decoder = new FrameDecoder();
        Wire.Decode(Wire.Bytes(text), decoder);
        return decoder.Counters;
    }
}
