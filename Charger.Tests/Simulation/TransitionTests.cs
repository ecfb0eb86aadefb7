using Charger.Actors.Simulation;

namespace Charger.Tests.Simulation;

/// <summary>ESP32-FIRMWARE.md 2.4, row by row, in the table's order.</summary>
public sealed class TransitionTests
{
    private static FirmwareBench IdleWithPassDone()
    {
        var bench = FirmwareBench.Booted();
        bench.Pass();
        return bench;
    }

    [Fact]
    public void Idle_to_cable_detect_when_pp_is_1_one_pass_after_the_cable_is_read()
    {
        var bench = IdleWithPassDone();
        bench.Vehicle.PlugCable(32);

        Assert.Equal("", bench.Pass());
        Assert.Equal(FirmwareState.Idle, bench.State); // PP is worked out from the previous pass's CABLE
        Assert.Equal(32, bench.Firmware.CableCurrent);
        Assert.Equal(0, bench.Firmware.ProximityPilot);

        Assert.Equal("", bench.Pass());
        Assert.Equal(FirmwareState.CableDetect, bench.State);
        Assert.Equal(1, bench.Firmware.ProximityPilot);
        Assert.Equal("<STAT;CP=0;CPV=3925;PP=1;PPV=910;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=32;CABLE=32;AUTH=0;STATE=2;PB=0;STOP=0;>", bench.Stat);
    }

    [Fact]
    public void Cable_detect_to_ev_connected_when_cp_is_1()
    {
        var bench = IdleWithPassDone();
        bench.Vehicle.PlugCable(20);
        bench.RunUntil(() => bench.State == FirmwareState.CableDetect);
        bench.Pass();
        Assert.Equal(FirmwareState.CableDetect, bench.State);

        bench.Vehicle.ConnectEv();
        bench.Pass();

        Assert.Equal(FirmwareState.EvConnected, bench.State);
        Assert.Equal(StationLed.Turquoise, bench.Hardware.Led);
        // PWM is computed at the top of a pass from the previous CP, so it shows one pass later.
        Assert.Equal(255, bench.Firmware.Pwm);
        bench.Pass();
        Assert.Equal("<STAT;CP=1;CPV=2885;PP=1;PPV=1540;RL=0;LOCK=0;MOTOR=0;PWM=84;MAX=32;CABLE=20;AUTH=0;STATE=3;PB=0;STOP=0;>", bench.Stat);
        Assert.Equal(StationLed.Blue, bench.Hardware.Led);
    }

    [Fact]
    public void Cable_detect_to_idle_when_pp_is_0()
    {
        var bench = IdleWithPassDone();
        bench.Vehicle.PlugCable(32);
        bench.RunUntil(() => bench.State == FirmwareState.CableDetect);

        bench.Vehicle.UnplugCable();
        bench.Pass();
        Assert.Equal(FirmwareState.CableDetect, bench.State);
        bench.Pass();
        Assert.Equal(FirmwareState.Idle, bench.State);
    }

    [Fact]
    public void Cable_detect_checks_pp_last_so_pp_0_beats_cp_1_in_the_same_pass()
    {
        var bench = IdleWithPassDone();
        bench.Vehicle.PlugCable(32);
        bench.RunUntil(() => bench.State == FirmwareState.CableDetect);
        bench.Hardware.ProximityPilotAdc = AnalogLevels.NoCableProximityAdc;
        bench.Pass(); // reads CABLE=0; PP still 1 this pass
        Assert.Equal(FirmwareState.CableDetect, bench.State);

        bench.Hardware.ControlPilotAdc = AnalogLevels.ControlPilotAdc(PilotState.B);
        bench.Pass();

        Assert.Equal(1, bench.Firmware.ControlPilot);
        Assert.Equal(FirmwareState.Idle, bench.State);
    }

    [Fact]
    public void Ev_connected_to_ready_when_authorization_is_granted()
    {
        var bench = IdleWithPassDone();
        bench.ToEvConnected();

        Assert.Equal("<ACK;CMD=AUTH;STATUS=OK;>\r\n", bench.Command(1, 1));
        Assert.Equal(FirmwareState.EvConnected, bench.State); // the command runs after the state machine
        Assert.Equal(AuthorizationStatus.Granted, bench.Firmware.Authorization);

        bench.Pass();
        Assert.Equal(FirmwareState.Ready, bench.State);
    }

    [Fact]
    public void Ev_connected_to_idle_when_cp_is_0()
    {
        var bench = IdleWithPassDone();
        bench.ToEvConnected();
        bench.Vehicle.DisconnectEv();
        bench.Pass();
        Assert.Equal(FirmwareState.Idle, bench.State);
    }

    [Fact]
    public void Ev_connected_to_idle_when_pp_is_0()
    {
        var bench = IdleWithPassDone();
        bench.ToEvConnected();
        bench.Hardware.ProximityPilotAdc = AnalogLevels.NoCableProximityAdc; // CP stays at B
        bench.Pass();
        Assert.Equal(FirmwareState.EvConnected, bench.State);
        bench.Pass();
        Assert.Equal(FirmwareState.Idle, bench.State);
    }

    [Fact]
    public void Ev_connected_cp_0_overrides_a_grant_in_the_same_pass()
    {
        var bench = IdleWithPassDone();
        bench.ToEvConnected();
        bench.Command(1, 1);
        bench.Vehicle.DisconnectEv();

        bench.Pass();

        Assert.Equal(FirmwareState.Idle, bench.State);
        Assert.Equal(AuthorizationStatus.Granted, bench.Firmware.Authorization);
    }

    [Fact]
    public void Ready_locks_closes_the_relay_once_and_waits_while_cp_is_1()
    {
        var bench = IdleWithPassDone();
        bench.ToEvConnected();
        bench.Command(1, 1);
        bench.Pass();
        Assert.Equal(FirmwareState.Ready, bench.State);
        Assert.False(bench.Hardware.RelayClosed);

        var duration = bench.Firmware.RunLoopPass();

        // RFID 100 + lock (1+500+1) + 50 + relay 1 + RST low 200 + PCD_Init 50
        Assert.Equal(TimeSpan.FromMilliseconds(903), duration);
        Assert.Equal(FirmwareState.Ready, bench.State);
        Assert.True(bench.Hardware.RelayClosed);
        Assert.Equal(CableLockState.Locked, bench.Hardware.CableLock);
        Assert.Equal("<STAT;CP=1;CPV=2885;PP=1;PPV=910;RL=1;LOCK=1;MOTOR=0;PWM=135;MAX=32;CABLE=32;AUTH=1;STATE=4;PB=0;STOP=0;>", bench.Stat);

        Assert.Equal(TimeSpan.FromMilliseconds(100), bench.Firmware.RunLoopPass());
        Assert.Equal(1, bench.Hardware.LockPulses);
    }

    [Fact]
    public void Ready_to_fault_hard_when_cp_is_0()
    {
        var bench = IdleWithPassDone();
        bench.ToEvConnected();
        bench.Command(1, 1);
        bench.Passes(2);
        bench.Vehicle.DisconnectEv();

        bench.Pass();

        Assert.Equal(FirmwareState.FaultHard, bench.State);
        Assert.Equal(PowerBoardStatus.Ok, bench.Firmware.PowerBoard);
    }

    [Fact]
    public void Ready_to_charging_when_cp_is_2()
    {
        var bench = IdleWithPassDone();
        bench.ToEvConnected();
        bench.Command(1, 1);
        bench.Passes(2);
        bench.Vehicle.RequestCharge();

        bench.Pass();

        Assert.Equal(FirmwareState.Charging, bench.State);
        bench.Pass();
        Assert.Equal("<STAT;CP=2;CPV=1846;PP=1;PPV=910;RL=1;LOCK=1;MOTOR=0;PWM=135;MAX=32;CABLE=32;AUTH=1;STATE=5;PB=0;STOP=0;>", bench.Stat);
        Assert.Equal(StationLed.Green, bench.Hardware.Led);
    }

    [Fact]
    public void Charging_to_paused_when_cp_is_1_opens_the_relay_and_keeps_rl()
    {
        var bench = IdleWithPassDone();
        bench.ToCharging();
        bench.Vehicle.Pause();

        bench.Pass();

        Assert.Equal(FirmwareState.Paused, bench.State);
        Assert.False(bench.Hardware.RelayClosed);
        Assert.Equal("<STAT;CP=1;CPV=2885;PP=1;PPV=910;RL=1;LOCK=0;MOTOR=0;PWM=135;MAX=32;CABLE=32;AUTH=1;STATE=6;PB=0;STOP=0;>", bench.Stat);
        Assert.Equal(CableLockState.Locked, bench.Hardware.CableLock); // no unlock pulse
    }

    [Fact]
    public void Charging_with_a_cancel_request_goes_to_stopped_via_paused_and_ready_while_the_ev_draws()
    {
        var bench = IdleWithPassDone();
        bench.ToCharging();
        var locks = bench.Hardware.LockPulses;

        Assert.Equal("<ACK;CMD=AUTH;STATUS=CLEARED;>\r\n", bench.Command(1, 0));
        Assert.Equal(FirmwareState.Paused, bench.State);
        Assert.Equal(AuthorizationStatus.CancelRequested, bench.Firmware.Authorization);

        bench.Pass();
        Assert.Equal(FirmwareState.Ready, bench.State); // CP==2 checked last beats the cancel request
        bench.Pass();
        Assert.Equal(FirmwareState.Charging, bench.State);
        Assert.Equal(locks + 1, bench.Hardware.LockPulses); // READY ran its lock pulse again
        bench.Pass();
        Assert.Equal(FirmwareState.Stopped, bench.State);
    }

    [Fact]
    public void Charging_to_stopped_when_cp_is_0()
    {
        var bench = IdleWithPassDone();
        bench.ToCharging();
        bench.Vehicle.DisconnectEv();
        bench.Pass();
        Assert.Equal(FirmwareState.Stopped, bench.State);
    }

    [Fact]
    public void Charging_ignores_cp_3()
    {
        var bench = IdleWithPassDone();
        bench.ToCharging();
        bench.Vehicle.RequestChargeWithVentilation();
        bench.Passes(5);
        Assert.Equal(FirmwareState.Charging, bench.State);
        Assert.Equal(3, bench.Firmware.ControlPilot);
    }

    [Fact]
    public void Paused_to_ready_when_cp_is_2_with_a_new_lock_pulse_and_the_relay_on_again()
    {
        var bench = IdleWithPassDone();
        bench.ToCharging();
        bench.Vehicle.Pause();
        bench.Pass();
        var locks = bench.Hardware.LockPulses;

        bench.Vehicle.Resume();
        bench.Pass();
        Assert.Equal(FirmwareState.Ready, bench.State);
        bench.Pass();

        Assert.Equal(FirmwareState.Charging, bench.State);
        Assert.Equal(locks + 1, bench.Hardware.LockPulses);
        Assert.True(bench.Hardware.RelayClosed);
    }

    [Fact]
    public void Paused_to_stopped_on_a_cancel_request_while_cp_is_1()
    {
        var bench = IdleWithPassDone();
        bench.ToCharging();
        bench.Vehicle.Pause();
        bench.Pass();

        Assert.Equal("<ACK;CMD=AUTH;STATUS=CLEARED;>\r\n", bench.Command(1, 0));
        var duration = bench.Firmware.RunLoopPass();

        Assert.Equal(FirmwareState.Stopped, bench.State);
        Assert.Equal(TimeSpan.FromMilliseconds(100 + 100), duration); // RFID + the 100 ms after the cancel
    }

    [Fact]
    public void Paused_to_stopped_when_cp_is_0()
    {
        var bench = IdleWithPassDone();
        bench.ToCharging();
        bench.Vehicle.Pause();
        bench.Pass();
        bench.Vehicle.DisconnectEv();
        bench.Pass();
        Assert.Equal(FirmwareState.Stopped, bench.State);
    }

    [Fact]
    public void Stopped_to_idle_when_the_cable_leaves_the_station_with_info_and_authorization_waiting()
    {
        var bench = IdleWithPassDone();
        bench.ToCharging();
        bench.Send(4, 7);
        bench.Passes(2);
        bench.Vehicle.UnplugCable();

        Assert.Equal("", bench.Pass());
        Assert.Equal(FirmwareState.Stopped, bench.State);
        Assert.Equal("<INFO;MSG=FINISHING_EXIT_STATION_CABLE_DISCONNECTED;>\r\n", bench.Pass());

        Assert.Equal(FirmwareState.Idle, bench.State);
        Assert.Equal(AuthorizationStatus.Waiting, bench.Firmware.Authorization);
        Assert.Equal("<STAT;CP=0;CPV=3925;PP=0;PPV=2457;RL=0;LOCK=1;MOTOR=0;PWM=255;MAX=32;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>", bench.Stat);
        bench.Pass();
        Assert.False(bench.Firmware.LockFlag); // IDLE clears it
    }

    [Fact]
    public void Stopped_lasts_forever_while_the_cable_stays_in_the_station()
    {
        var bench = IdleWithPassDone();
        bench.ToCharging();
        bench.Send(4, 7);
        bench.Pass();
        bench.Vehicle.DisconnectEv(); // car side unplugged, cable still in the socket

        var before = bench.Firmware.Uptime;
        bench.Passes(1500);

        Assert.True(bench.Firmware.Uptime - before > TimeSpan.FromMinutes(10));
        Assert.Equal(FirmwareState.Stopped, bench.State);
    }

    [Fact]
    public void Fault_hard_to_hardfault_end_when_pb_is_0_then_idle_after_more_than_100_passes()
    {
        var bench = IdleWithPassDone();
        bench.ToEvConnected();
        bench.Command(1, 1);
        bench.Passes(2);
        bench.Vehicle.DisconnectEv();
        bench.Pass();
        Assert.Equal(FirmwareState.FaultHard, bench.State);

        var duration = bench.Firmware.RunLoopPass();

        // RFID 100 + relay 1 + 200 + unlock (1+700+1) + 10 + RST 10 + PCD_Init 50
        Assert.Equal(TimeSpan.FromMilliseconds(1073), duration);
        Assert.Equal(FirmwareState.HardfaultEnd, bench.State);
        Assert.Equal("<STAT;CP=0;CPV=3925;PP=1;PPV=910;RL=0;LOCK=0;MOTOR=1;PWM=255;MAX=32;CABLE=32;AUTH=1;STATE=0;PB=0;STOP=0;>", bench.Stat);
        Assert.Equal(AuthorizationStatus.Waiting, bench.Firmware.Authorization);
        Assert.Equal(CableLockState.Unlocked, bench.Hardware.CableLock);
        Assert.False(bench.Hardware.RelayClosed);

        bench.Passes(100);
        Assert.Equal(FirmwareState.HardfaultEnd, bench.State);
        bench.Pass();
        Assert.Equal(FirmwareState.Idle, bench.State);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Any_state_auth_with_a_value_other_than_1_forces_paused(byte from)
    {
        var bench = IdleWithPassDone();
        bench.Command(4, from);
        Assert.Equal(from, (byte)bench.State);

        Assert.EndsWith("<ACK;CMD=AUTH;STATUS=CLEARED;>\r\n", bench.Command(1, 2), StringComparison.Ordinal);

        Assert.Equal(FirmwareState.Paused, bench.State);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Any_state_set_max_current_forces_idle(byte from)
    {
        var bench = IdleWithPassDone();
        bench.Command(4, from);

        Assert.EndsWith("<ACK;CMD=SETMAXAMP;STATUS=OK;>\r\n", bench.Command(2, 10), StringComparison.Ordinal);

        Assert.Equal(FirmwareState.Idle, bench.State);
        Assert.Equal(10, bench.Firmware.MaxCurrent);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(255)]
    public void Any_state_command_4_sets_the_state_to_its_value_without_reply(byte value)
    {
        var bench = IdleWithPassDone();
        bench.ToCharging();

        Assert.Equal("", bench.Command(4, value));

        Assert.Equal(value, (byte)bench.State);
        Assert.False(bench.Firmware.RelayFlag);
        Assert.False(bench.Firmware.LockFlag);
        Assert.True(bench.Hardware.RelayClosed); // flags only
    }
}
