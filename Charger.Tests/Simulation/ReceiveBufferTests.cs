using Charger.Actors.Simulation;

namespace Charger.Tests.Simulation;

/// <summary>ESP32-FIRMWARE.md 1.3: how the firmware reads frames from its RX buffer.</summary>
public sealed class ReceiveBufferTests
{
    private const string StatAck = "<ACK;CMD=READSTAT;STATUS=OK;>\r\n";

    private static FirmwareBench Idle()
    {
        var bench = FirmwareBench.Booted();
        bench.Pass();
        return bench;
    }

    [Fact]
    public void Two_frames_arriving_together_are_handled_one_per_pass()
    {
        var bench = Idle();
        bench.SendBytes([.. FirmwareBench.Frame(3, 0), .. FirmwareBench.Frame(5, 0)]);

        Assert.Equal("<ACK;CMD=UNLOCK;STATUS=OK;>\r\n", bench.Pass());
        Assert.Equal(5, bench.Firmware.PendingUsbBytes);
        Assert.Equal("<ACK;CMD=UNKNOWN;STATUS=ERR;>\r\n", bench.Pass());
        Assert.Equal("", bench.Pass());
    }

    [Fact]
    public void Ten_frames_take_ten_passes()
    {
        var bench = Idle();
        for (var i = 0; i < 10; i++) bench.Send(5, (byte)i);
        for (var i = 0; i < 10; i++) Assert.Equal("<ACK;CMD=UNKNOWN;STATUS=ERR;>\r\n", bench.Pass());
        Assert.Equal(0, bench.Firmware.PendingUsbBytes);
    }

    [Fact]
    public void Garbage_before_a_frame_is_dropped_silently()
    {
        var bench = Idle();
        bench.SendBytes([0x00, 0xFF, 0x10, (byte)'x', 0x2C, .. FirmwareBench.Frame(0, 0)]);
        Assert.EndsWith(StatAck, bench.Pass(), StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_alone_is_dropped_in_one_pass_without_output()
    {
        var bench = Idle();
        bench.SendBytes(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07);
        Assert.Equal("", bench.Pass());
        Assert.Equal(0, bench.Firmware.PendingUsbBytes);
    }

    [Fact]
    public void A_partial_frame_waits_without_timeout_until_the_rest_arrives()
    {
        var bench = Idle();
        bench.SendBytes(0x41, 0x00);
        Assert.Equal("", bench.Passes(200));
        Assert.Equal(2, bench.Firmware.PendingUsbBytes);

        bench.SendBytes(0x2C, 0x00, 0x10);
        Assert.EndsWith(StatAck, bench.Pass(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_frame_merges_with_the_next_one_which_is_lost()
    {
        var bench = Idle();
        bench.SendBytes(0x41, 0x01); // only half of an AUTH frame arrived
        bench.Pass();
        bench.Send(0, 0);

        Assert.Equal("<ERR;INVALID_COMMA>\r\n", bench.Pass()); // 41 01 41 00 2C: separator is 0x41
        Assert.Equal(2, bench.Firmware.PendingUsbBytes);           // 00 10 left over
        Assert.Equal("", bench.Pass());                             // dropped as garbage
        Assert.Equal(0, bench.Firmware.PendingUsbBytes);
    }

    [Fact]
    public void A_stray_header_byte_in_garbage_starts_a_false_frame()
    {
        var bench = Idle();
        bench.SendBytes([0x41, 0x55, 0x55, 0x55, 0x55, .. FirmwareBench.Frame(0, 0)]);

        Assert.Equal("<ERR;INVALID_COMMA>\r\n", bench.Pass());
        Assert.EndsWith(StatAck, bench.Pass(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_comma_drops_the_five_bytes_and_does_nothing_else()
    {
        var bench = Idle();
        bench.SendBytes(0x41, 0x02, 0x2D, 0x10, 0x10);
        Assert.Equal("<ERR;INVALID_COMMA>\r\n", bench.Pass());
        Assert.Equal(32, bench.Firmware.MaxCurrent);
        Assert.Equal(FirmwareState.Idle, bench.State);
    }

    [Fact]
    public void The_trailer_byte_is_never_checked()
    {
        var bench = Idle();
        bench.SendBytes(0x41, 0x00, 0x2C, 0x00, 0xEE);
        Assert.EndsWith(StatAck, bench.Pass(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_receive_buffer_holds_256_bytes_and_loses_the_rest()
    {
        var bench = Idle();
        var bytes = new byte[300];
        bench.SendBytes(bytes);
        Assert.Equal(256, bench.Firmware.PendingUsbBytes);
        Assert.Equal(44, bench.Firmware.UsbBytesDropped);
    }

    [Fact]
    public void Bytes_that_arrive_while_the_loop_blocks_are_read_by_the_same_pass()
    {
        var bench = Idle();
        bench.Send(3, 1); // the lock pulse blocks 500 ms
        bench.Firmware.RunFor(TimeSpan.FromMilliseconds(300)); // inside the pulse
        bench.Send(0, 0);
        bench.Firmware.RunFor(TimeSpan.FromMilliseconds(302)); // end of pulse: LOCK ACK
        Assert.Equal("<ACK;CMD=LOCK;STATUS=OK;>\r\n", bench.TakeOutput());
        bench.Firmware.RunFor(TimeSpan.FromMilliseconds(100)); // next pass reads READSTAT
        Assert.EndsWith(StatAck, bench.TakeOutput(), StringComparison.Ordinal);
    }
}
