using System.Text;
using Charger.Actors.Simulation;

namespace Charger.Tests.Simulation;

public sealed class BootTests
{
    private static readonly string SketchBootText =
        "CSRPI Charging Station v4.8.0 - Dual UART\r\n" +
        "USB: Monitoring | GPIO: Commands\r\n" +
        "GPIO UART: RX=GPIO34, TX=GPIO21, Baud=115200\n" +
        "This code scan the MIFARE Classsic NUID.\r\n" +
        "Using the following key: FF FF FF FF FF FF" +
        "Kart 0 Valid=0 ID=0;\r\n" +
        "Kart 1 Valid=0 ID=0;\r\n" +
        "Kart 2 Valid=0 ID=0;\r\n" +
        "Kart 3 Valid=0 ID=0;\r\n" +
        "Kart 4 Valid=0 ID=0;\r\n" +
        "Kart 5 Valid=0 ID=0;\r\n" +
        "Kart 6 Valid=0 ID=0;\r\n" +
        "Kart 7 Valid=0 ID=0;\r\n" +
        "Kart 8 Valid=0 ID=0;\r\n" +
        "Kart 9 Valid=0 ID=0;\r\n";

    [Fact]
    public void Boot_prints_the_sketch_text_with_the_key_dump_running_into_the_first_card_line()
    {
        var bench = new FirmwareBench();
        bench.Firmware.Boot();
        Assert.Equal(SketchBootText, bench.TakeOutput());
    }

    [Fact]
    public void The_rom_bootloader_banner_comes_first_when_enabled()
    {
        var bench = new FirmwareBench(new Esp32FirmwareOptions());
        bench.Firmware.Boot();
        var text = bench.TakeOutput();
        Assert.StartsWith("ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1 (POWERON_RESET)", text, StringComparison.Ordinal);
        Assert.EndsWith("entry 0x400805f0\r\n" + SketchBootText, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_cards_print_the_valid_marker_and_the_uid_in_decimal()
    {
        var bench = new FirmwareBench(FirmwareBench.QuietBoot with { StoredCards = [0xDEADBEEF, 0x01020304] });
        bench.Firmware.Boot();
        var text = bench.TakeOutput();
        Assert.Contains("FF FF FF FF FF FFKart 0 Valid=170 ID=3735928559;\r\nKart 1 Valid=170 ID=16909060;\r\nKart 2 Valid=0 ID=0;\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void After_boot_the_station_is_idle_unlocked_with_max_32_and_no_authorization()
    {
        var bench = new FirmwareBench();
        var duration = bench.Firmware.Boot();

        // bootloader 250 + delay 100 + PCD_Init 50 + 8 latch writes 8 + delay 1000 + delay 200 + unlock (1+500+1)
        Assert.Equal(TimeSpan.FromMilliseconds(2110), duration);
        Assert.Equal(FirmwareState.Idle, bench.State);
        Assert.Equal(32, bench.Firmware.MaxCurrent);
        Assert.Equal(255, bench.Firmware.Pwm);
        Assert.False(bench.Firmware.AuthEnabled);
        Assert.Equal(AuthorizationStatus.Waiting, bench.Firmware.Authorization);
        Assert.False(bench.Firmware.LockFlag);
        Assert.False(bench.Firmware.MotorFlag);
        Assert.Equal(CableLockState.Unlocked, bench.Hardware.CableLock);
        Assert.Equal(1, bench.Hardware.UnlockPulses);
        Assert.False(bench.Hardware.RelayClosed);
        Assert.Equal(255, bench.Hardware.ControlPilotDuty);
    }

    [Fact]
    public void Before_the_first_pass_the_status_holds_boot_values_then_the_first_pass_samples_the_inputs()
    {
        var bench = FirmwareBench.Booted();
        Assert.Equal("<STAT;CP=0;CPV=0;PP=0;PPV=0;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=32;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>", bench.Stat);

        Assert.Equal("", bench.Pass());
        Assert.Equal("<STAT;CP=0;CPV=3925;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=32;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>", bench.Stat);
        Assert.Equal(StationLed.White, bench.Hardware.Led);
    }

    [Fact]
    public void Bytes_sent_before_the_uart_starts_are_lost_and_bytes_sent_during_the_rest_of_boot_wait_for_the_first_pass()
    {
        var output = new StringBuilder();
        var hardware = new ChargePointHardware();
        var firmware = new Esp32Firmware(hardware, b => output.Append(Encoding.Latin1.GetString(b.Span)), FirmwareBench.QuietBoot);
        firmware.Reset();
        firmware.RunFor(TimeSpan.FromMilliseconds(100));
        firmware.Receive(FirmwareBench.Frame(0, 0));
        Assert.Equal(5, firmware.UsbBytesDropped);

        firmware.RunFor(TimeSpan.FromMilliseconds(300)); // Serial.begin happened at 350 ms
        firmware.Receive(FirmwareBench.Frame(0, 0));
        Assert.Equal(5, firmware.PendingUsbBytes);
        Assert.False(firmware.IsBooted);

        output.Clear();
        firmware.RunFor(TimeSpan.FromMilliseconds(1710 + 340)); // to the end of boot, then the first pass (LED 240 + RFID 100)
        Assert.True(firmware.IsBooted);
        Assert.EndsWith(
            "Kart 9 Valid=0 ID=0;\r\n<STAT;CP=0;CPV=3925;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=32;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n<ACK;CMD=READSTAT;STATUS=OK;>\r\n",
            output.ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_clears_authorization_max_current_state_and_unlocks_the_cable()
    {
        var bench = FirmwareBench.Booted();
        Assert.Equal("<ACK;CMD=SETMAXAMP;STATUS=OK;>\r\n", bench.Command(2, 16));
        bench.ToCharging();
        Assert.True(bench.Hardware.RelayClosed);
        Assert.Equal(CableLockState.Locked, bench.Hardware.CableLock);
        bench.SendBytes(0x41, 0x00); // half a frame in the RX buffer

        bench.Firmware.Boot();

        Assert.StartsWith("CSRPI Charging Station v4.8.0 - Dual UART\r\n", bench.TakeOutput(), StringComparison.Ordinal);
        Assert.Equal(FirmwareState.Idle, bench.State);
        Assert.Equal(32, bench.Firmware.MaxCurrent);
        Assert.False(bench.Firmware.AuthEnabled);
        Assert.Equal(AuthorizationStatus.Waiting, bench.Firmware.Authorization);
        Assert.Equal(0, bench.Firmware.PendingUsbBytes);
        Assert.False(bench.Hardware.RelayClosed);
        Assert.Equal(CableLockState.Unlocked, bench.Hardware.CableLock);
    }
}
