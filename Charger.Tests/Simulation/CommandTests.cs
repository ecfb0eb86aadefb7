using Charger.Actors.Simulation;

namespace Charger.Tests.Simulation;

/// <summary>ESP32-FIRMWARE.md 1.4: what each command does and what (if anything) it replies.</summary>
public sealed class CommandTests
{
    private static FirmwareBench Idle()
    {
        var bench = FirmwareBench.Booted();
        bench.Pass();
        return bench;
    }

    [Fact]
    public void Read_status_prints_stat_then_ack_and_does_not_move_the_periodic_timer()
    {
        var bench = Idle();
        var lastPeriodic = bench.Firmware.LastStatMillis;

        var reply = bench.Command(0, 0);

        Assert.Equal(
            "<STAT;CP=0;CPV=3925;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=32;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>\r\n" +
            "<ACK;CMD=READSTAT;STATUS=OK;>\r\n",
            reply);
        Assert.Equal(lastPeriodic, bench.Firmware.LastStatMillis);
    }

    [Fact]
    public void Read_status_ignores_its_value_byte()
    {
        var bench = Idle();
        Assert.EndsWith("<ACK;CMD=READSTAT;STATUS=OK;>\r\n", bench.Command(0, 0x99), StringComparison.Ordinal);
    }

    [Fact]
    public void Auth_in_idle_is_silently_ignored()
    {
        var bench = Idle();

        Assert.Equal("", bench.Command(1, 1));

        Assert.Equal(FirmwareState.Idle, bench.State);
        Assert.False(bench.Firmware.AuthEnabled);
        Assert.Equal(AuthorizationStatus.Waiting, bench.Firmware.Authorization);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Auth_1_is_accepted_in_every_state_but_idle(byte state)
    {
        var bench = Idle();
        bench.ToEvConnected(); // so that no forced state falls back to IDLE before the command runs
        bench.Command(4, state);

        var reply = bench.Command(1, 1);

        Assert.EndsWith("<ACK;CMD=AUTH;STATUS=OK;>\r\n", reply, StringComparison.Ordinal);
        Assert.True(bench.Firmware.AuthEnabled);
        Assert.Equal(AuthorizationStatus.Granted, bench.Firmware.Authorization);
    }

    [Fact]
    public void Auth_1_clears_the_lock_and_relay_flags_but_not_the_hardware()
    {
        var bench = Idle();
        bench.ToCharging();

        Assert.Equal("<ACK;CMD=AUTH;STATUS=OK;>\r\n", bench.Command(1, 1));

        Assert.False(bench.Firmware.RelayFlag);
        Assert.False(bench.Firmware.LockFlag);
        Assert.True(bench.Hardware.RelayClosed);
        Assert.Equal(CableLockState.Locked, bench.Hardware.CableLock);
        Assert.Equal(FirmwareState.Charging, bench.State);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(255)]
    public void Auth_other_than_1_always_replies_cleared_and_forces_paused_even_in_idle(byte value)
    {
        var bench = Idle();

        Assert.Equal("<ACK;CMD=AUTH;STATUS=CLEARED;>\r\n", bench.Command(1, value));

        Assert.Equal(FirmwareState.Paused, bench.State);
        Assert.False(bench.Firmware.AuthEnabled);
        Assert.Equal(AuthorizationStatus.CancelRequested, bench.Firmware.Authorization);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(16)]
    [InlineData(32)]
    public void Set_max_current_in_range_is_ok(byte amps)
    {
        var bench = Idle();
        Assert.Equal("<ACK;CMD=SETMAXAMP;STATUS=OK;>\r\n", bench.Command(2, amps));
        Assert.Equal(amps, bench.Firmware.MaxCurrent);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(33)]
    [InlineData(255)]
    public void Set_max_current_out_of_range_is_err_leaves_max_and_still_forces_idle(byte amps)
    {
        var bench = Idle();
        bench.ToEvConnected();

        Assert.Equal("<ACK;CMD=SETMAXAMP;STATUS=ERR;>\r\n", bench.Command(2, amps));

        Assert.Equal(32, bench.Firmware.MaxCurrent);
        Assert.Equal(FirmwareState.Idle, bench.State);
    }

    [Fact]
    public void Set_max_current_while_charging_corrupts_the_state_machine_but_changes_the_pwm()
    {
        var bench = Idle();
        bench.ToCharging(cableRating: 32);
        Assert.Equal(135, bench.Firmware.Pwm);

        Assert.Equal("<ACK;CMD=SETMAXAMP;STATUS=OK;>\r\n", bench.Command(2, 16));
        Assert.Equal(FirmwareState.Idle, bench.State);
        Assert.True(bench.Hardware.RelayClosed); // IDLE never opens the relay
        Assert.True(bench.Firmware.RelayFlag);

        bench.Pass();
        Assert.Equal(FirmwareState.CableDetect, bench.State);
        Assert.Equal(66, bench.Firmware.Pwm);

        bench.Passes(20); // CABLE_DETECT only leaves on CP==1: while the car draws it sits there, relay on
        Assert.Equal(FirmwareState.CableDetect, bench.State);
        Assert.True(bench.Hardware.RelayClosed);
        Assert.Equal("<STAT;CP=2;CPV=1846;PP=1;PPV=910;RL=1;LOCK=0;MOTOR=0;PWM=66;MAX=16;CABLE=32;AUTH=1;STATE=2;PB=0;STOP=0;>", bench.Stat);
    }

    [Fact]
    public void Set_max_current_in_ready_replays_idle_to_ready_with_a_new_lock_pulse()
    {
        var bench = Idle();
        bench.ToEvConnected();
        bench.Command(1, 1);
        bench.Passes(2);
        Assert.Equal(FirmwareState.Ready, bench.State);
        var locks = bench.Hardware.LockPulses;
        var relayWrites = bench.Hardware.RelayWrites;

        bench.Command(2, 20);
        var states = new List<FirmwareState>();
        for (var i = 0; i < 4; i++)
        {
            bench.Pass();
            states.Add(bench.State);
        }

        Assert.Equal([FirmwareState.CableDetect, FirmwareState.EvConnected, FirmwareState.Ready, FirmwareState.Ready], states);
        Assert.Equal(locks + 1, bench.Hardware.LockPulses);
        Assert.Equal(relayWrites + 1, bench.Hardware.RelayWrites);
    }

    [Fact]
    public void Stop_from_fault_hard_leaves_the_fault_handling_while_the_fault_persists()
    {
        var bench = Idle();
        bench.Vehicle.PlugCable(32);
        bench.Passes(30);
        for (var i = 0; i < 10; i++)
        {
            bench.InjectPowerBoardPacket(PowerBoardStatus.PhaseFault);
            bench.Pass();
        }
        Assert.Equal(FirmwareState.FaultHard, bench.State);

        bench.Command(4, 7);
        bench.Vehicle.UnplugCable();
        bench.RunUntil(() => bench.State == FirmwareState.Idle);

        Assert.Equal(PowerBoardStatus.PhaseFault, bench.Firmware.PowerBoard);
        bench.Passes(5);
        Assert.Equal(FirmwareState.Idle, bench.State);
    }

    [Fact]
    public void Lock_and_unlock_follow_the_toggle_rule_and_a_repeat_gets_no_reply()
    {
        var bench = Idle(); // boot's unlock does not count: both toggles start at 0

        Assert.Equal("<ACK;CMD=UNLOCK;STATUS=OK;>\r\n", bench.Command(3, 0));
        Assert.Equal("", bench.Command(3, 0));
        Assert.Equal("<ACK;CMD=LOCK;STATUS=OK;>\r\n", bench.Command(3, 1));
        Assert.Equal(CableLockState.Locked, bench.Hardware.CableLock);
        Assert.Equal("", bench.Command(3, 5));
        Assert.Equal("<ACK;CMD=UNLOCK;STATUS=OK;>\r\n", bench.Command(3, 0));

        Assert.Equal(CableLockState.Unlocked, bench.Hardware.CableLock);
        Assert.Equal(1, bench.Hardware.LockPulses);
        Assert.Equal(1 + 2, bench.Hardware.UnlockPulses);
        Assert.Equal(FirmwareState.Idle, bench.State);
        Assert.False(bench.Firmware.LockFlag);
    }

    [Fact]
    public void The_lock_ack_follows_the_500_ms_pulse()
    {
        var bench = Idle();
        bench.Send(3, 1);
        Assert.Equal(TimeSpan.FromMilliseconds(100 + 502), bench.Firmware.RunLoopPass());
    }

    [Fact]
    public void First_lock_after_boot_is_accepted()
    {
        var bench = Idle();
        Assert.Equal("<ACK;CMD=LOCK;STATUS=OK;>\r\n", bench.Command(3, 1));
    }

    [Fact]
    public void Stop_has_no_ack_and_forces_stopped_which_releases_everything_on_the_next_pass()
    {
        var bench = Idle();
        bench.ToCharging();

        Assert.Equal("", bench.Command(4, 7));
        Assert.Equal(FirmwareState.Stopped, bench.State);

        var duration = bench.Firmware.RunLoopPass();
        Assert.Equal("", bench.TakeOutput());
        // RFID 100 + 200 + relay 1 + 200 + unlock (1+500+1) + 10 + RST 10 + PCD_Init 50 + lilac LED 240
        Assert.Equal(TimeSpan.FromMilliseconds(1313), duration);
        Assert.False(bench.Hardware.RelayClosed);
        Assert.Equal(CableLockState.Unlocked, bench.Hardware.CableLock);
        Assert.Equal(StationLed.Lilac, bench.Hardware.Led);
        Assert.Equal("<STAT;CP=2;CPV=1846;PP=1;PPV=910;RL=0;LOCK=1;MOTOR=0;PWM=255;MAX=32;CABLE=32;AUTH=0;STATE=7;PB=0;STOP=0;>", bench.Stat);
        Assert.Equal(AuthorizationStatus.Granted, bench.Firmware.Authorization); // only AUTH is cleared in state 7
    }

    [Fact]
    public void Stop_from_cable_detect_keeps_the_station_stopped_until_the_cable_is_pulled()
    {
        var bench = Idle();
        bench.Vehicle.PlugCable(32);
        bench.RunUntil(() => bench.State == FirmwareState.CableDetect);

        bench.Command(4, 7);
        bench.Passes(50);
        Assert.Equal(FirmwareState.Stopped, bench.State);

        bench.Vehicle.UnplugCable();
        bench.Passes(2);
        Assert.Equal(FirmwareState.Idle, bench.State);
    }

    [Fact]
    public void Stop_while_idle_with_nothing_plugged_returns_to_idle_on_the_next_pass()
    {
        var bench = Idle();
        bench.Command(4, 7);
        Assert.Equal("<INFO;MSG=FINISHING_EXIT_STATION_CABLE_DISCONNECTED;>\r\n", bench.Pass());
        Assert.Equal(FirmwareState.Idle, bench.State);
    }

    [Fact]
    public void A_state_above_8_freezes_the_state_machine_until_another_command_changes_it()
    {
        var bench = Idle();
        bench.Command(4, 9);
        bench.Vehicle.PlugCable(32);
        bench.Vehicle.ConnectEv();
        bench.Passes(10);
        Assert.Equal((FirmwareState)9, bench.State);

        bench.Command(4, 1);
        bench.RunUntil(() => bench.State == FirmwareState.EvConnected);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(0x41)]
    [InlineData(255)]
    public void Unknown_commands_reply_unknown_err(byte command)
    {
        var bench = Idle();
        Assert.Equal("<ACK;CMD=UNKNOWN;STATUS=ERR;>\r\n", bench.Command(command, 1));
        Assert.Equal(FirmwareState.Idle, bench.State);
    }
}
