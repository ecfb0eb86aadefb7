using Charger.Actors.Simulation;

namespace Charger.Tests.Simulation;

/// <summary>ESP32-FIRMWARE.md 2.2 "Power board": packets, the fault filter and the messages it prints.</summary>
public sealed class PowerBoardTests
{
    private static FirmwareBench Idle()
    {
        var bench = FirmwareBench.Booted();
        bench.Pass();
        return bench;
    }

    [Fact]
    public void Ten_phase_fault_packets_are_counted_then_confirmed_forcing_fault_hard()
    {
        var bench = Idle();
        for (var n = 1; n <= 9; n++)
        {
            bench.InjectPowerBoardPacket(PowerBoardStatus.PhaseFault);
            Assert.Equal($"<INFO;MSG=PF_COUNT;VAL={n};>\r\n", bench.Pass());
            Assert.Equal(FirmwareState.Idle, bench.State);
        }

        bench.InjectPowerBoardPacket(PowerBoardStatus.PhaseFault);
        Assert.Equal("<INFO;MSG=PF_COUNT;VAL=10;>\r\n<WARN;MSG=PF_CONFIRMED;>\r\n", bench.Pass());

        Assert.Equal(FirmwareState.FaultHard, bench.State);
        Assert.Equal(PowerBoardStatus.PhaseFault, bench.Firmware.PowerBoard);
        Assert.Equal(0, bench.Firmware.PhaseFaultCount);
        Assert.True(bench.Firmware.MotorFlag); // state 8 ran in the same pass
        Assert.Equal(StationLed.PhaseFault, bench.Hardware.Led);
        Assert.Equal(1, bench.Firmware.Status.PowerBoard);
    }

    [Fact]
    public void Earth_fault_while_charging_opens_the_relay_and_unlocks_then_an_ok_packet_leads_back_to_idle()
    {
        var bench = Idle();
        bench.ToCharging();
        bench.Passes(25); // out of the 2 s relay mask

        for (var n = 1; n <= 9; n++)
        {
            bench.InjectPowerBoardPacket(PowerBoardStatus.EarthFault);
            Assert.Equal($"<INFO;MSG=GF_COUNT;VAL={n};>\r\n", bench.Pass());
        }
        bench.InjectPowerBoardPacket(PowerBoardStatus.EarthFault);
        Assert.Equal("<INFO;MSG=GF_COUNT;VAL=10;>\r\n<WARN;MSG=GF_CONFIRMED;>\r\n", bench.Pass());

        Assert.Equal(FirmwareState.FaultHard, bench.State);
        Assert.False(bench.Hardware.RelayClosed);
        Assert.Equal(CableLockState.Unlocked, bench.Hardware.CableLock);
        Assert.Equal(StationLed.EarthFault, bench.Hardware.Led);
        Assert.Equal("<STAT;CP=2;CPV=1846;PP=1;PPV=910;RL=0;LOCK=0;MOTOR=1;PWM=255;MAX=32;CABLE=32;AUTH=1;STATE=8;PB=2;STOP=0;>", bench.Stat);
        Assert.Equal(AuthorizationStatus.Waiting, bench.Firmware.Authorization);

        bench.Passes(10);
        Assert.Equal(FirmwareState.FaultHard, bench.State); // stays while PB != 0

        bench.InjectPowerBoardPacket(PowerBoardStatus.Ok);
        Assert.Equal("", bench.Pass()); // counters were reset by the confirmation: no FAULT_CLEARED
        Assert.Equal(FirmwareState.HardfaultEnd, bench.State);
        bench.Passes(101);
        Assert.Equal(FirmwareState.Idle, bench.State);
    }

    [Fact]
    public void A_fault_within_2_s_of_a_relay_switch_is_ignored_with_a_warning()
    {
        var bench = Idle();
        bench.ToCharging();

        bench.InjectPowerBoardPacket(PowerBoardStatus.EarthFault);
        Assert.Equal("<WARN;MSG=GF_IGNORED_RELAY_MASK;>\r\n", bench.Pass());
        bench.InjectPowerBoardPacket(PowerBoardStatus.PhaseFault);
        Assert.Equal("<WARN;MSG=PF_IGNORED_RELAY_MASK;>\r\n", bench.Pass());
        Assert.Equal(0, bench.Firmware.GroundFaultCount);
        Assert.Equal(0, bench.Firmware.PhaseFaultCount);
    }

    [Fact]
    public void Faults_are_masked_for_ever_in_stopped_because_it_switches_the_relay_every_pass()
    {
        var bench = Idle();
        bench.ToCharging();
        bench.Command(4, 7);
        bench.Passes(20);

        bench.InjectPowerBoardPacket(PowerBoardStatus.PhaseFault);
        Assert.Equal("<WARN;MSG=PF_IGNORED_RELAY_MASK;>\r\n", bench.Pass());
    }

    [Fact]
    public void An_ok_packet_clears_counted_faults_with_info_and_an_ok_packet_without_faults_prints_nothing()
    {
        var bench = Idle();
        bench.InjectPowerBoardPacket(PowerBoardStatus.PhaseFault);
        bench.Pass();
        bench.InjectPowerBoardPacket(PowerBoardStatus.EarthFault);
        bench.Pass();

        bench.InjectPowerBoardPacket(PowerBoardStatus.Ok);
        Assert.Equal("<INFO;MSG=FAULT_CLEARED;>\r\n", bench.Pass());
        Assert.Equal(0, bench.Firmware.PhaseFaultCount);
        Assert.Equal(0, bench.Firmware.GroundFaultCount);

        bench.InjectPowerBoardPacket(PowerBoardStatus.Ok);
        Assert.Equal("", bench.Pass());
    }

    [Fact]
    public void Counters_reset_after_30_s_without_a_fault_when_the_next_packet_arrives()
    {
        var bench = Idle();
        for (var i = 0; i < 3; i++)
        {
            bench.InjectPowerBoardPacket(PowerBoardStatus.PhaseFault);
            bench.Pass();
        }
        var lastFault = bench.Firmware.Millis;
        bench.RunUntil(() => bench.Firmware.Millis - lastFault > 30_100);
        Assert.Equal(3, bench.Firmware.PhaseFaultCount); // nothing happens without a packet

        bench.InjectPowerBoardPacket(PowerBoardStatus.PhaseFault);
        Assert.Equal("<WARN;MSG=FAULT_TIMEOUT_RESET;>\r\n<INFO;MSG=PF_COUNT;VAL=1;>\r\n", bench.Pass());
    }

    [Fact]
    public void An_invalid_packet_is_ignored_but_still_triggers_the_timeout_check()
    {
        var bench = Idle();
        bench.Hardware.PowerBoard.InjectBytes("R31111\n"u8);
        bench.Hardware.PowerBoard.InjectBytes("R11121\n"u8);
        bench.Hardware.PowerBoard.InjectBytes("X11111\n"u8);
        Assert.Equal("", bench.Pass());

        bench.InjectPowerBoardPacket(PowerBoardStatus.EarthFault);
        bench.Pass();
        bench.RunUntil(() => bench.Firmware.Millis > 40_000);
        bench.Hardware.PowerBoard.InjectBytes("X11111\n"u8);
        Assert.Equal("<WARN;MSG=FAULT_TIMEOUT_RESET;>\r\n", bench.Pass());
        Assert.Equal(0, bench.Firmware.GroundFaultCount);
    }

    [Fact]
    public void A_partial_packet_is_flushed_once_50_ms_have_passed()
    {
        var bench = Idle();
        bench.Hardware.PowerBoard.InjectBytes("R1"u8);
        Assert.Equal("", bench.Pass());
        Assert.Equal("", bench.Pass()); // 100 ms later: flushed

        bench.InjectPowerBoardPacket(PowerBoardStatus.PhaseFault);
        Assert.Equal("<INFO;MSG=PF_COUNT;VAL=1;>\r\n", bench.Pass());
    }

    [Fact]
    public void A_partial_packet_followed_at_once_by_a_whole_one_corrupts_it()
    {
        var bench = Idle();
        bench.Hardware.PowerBoard.InjectBytes("R1"u8);
        bench.InjectPowerBoardPacket(PowerBoardStatus.PhaseFault);

        Assert.Equal("", bench.Passes(3));
        Assert.Equal(0, bench.Firmware.PhaseFaultCount);
    }

    [Fact]
    public void The_software_serial_buffer_holds_64_bytes()
    {
        var board = new SimulatedPowerBoard();
        board.InjectBytes(new byte[70]);
        Assert.Equal(64, board.PendingBytes);
        Assert.Equal(6, board.BytesLost);
    }

    [Fact]
    public void The_board_sends_its_condition_every_interval_as_time_passes()
    {
        var bench = Idle();
        var board = bench.Hardware.PowerBoard;
        board.Condition = PowerBoardStatus.PhaseFault;
        board.IsTransmitting = true;

        var text = bench.RunUntil(() => bench.State == FirmwareState.FaultHard, maxPasses: 200);

        Assert.Equal(
            string.Concat(Enumerable.Range(1, 10).Select(n => $"<INFO;MSG=PF_COUNT;VAL={n};>\r\n")) + "<WARN;MSG=PF_CONFIRMED;>\r\n",
            text);
        Assert.Equal(SimulatedPowerBoard.Packet(PowerBoardStatus.PhaseFault), "R11111\n"u8.ToArray());
    }
}
