using Charger.Actors.Simulation;

namespace Charger.Tests.Simulation;

/// <summary>ESP32-FIRMWARE.md 1.9: current limit to PWM byte.</summary>
public sealed class PwmTests
{
    public static TheoryData<int, int> Table => new()
    {
        { 6, 25 }, { 7, 28 }, { 8, 33 }, { 9, 38 }, { 10, 40 }, { 11, 45 }, { 12, 51 }, { 13, 53 }, { 14, 58 },
        { 15, 63 }, { 16, 66 }, { 17, 71 }, { 18, 76 }, { 19, 79 }, { 20, 84 }, { 21, 89 }, { 22, 91 }, { 23, 96 },
        { 24, 102 }, { 25, 104 }, { 26, 109 }, { 27, 114 }, { 28, 117 }, { 29, 122 }, { 30, 127 }, { 31, 130 }, { 32, 135 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Formula_matches_the_table(int amps, int pwm) => Assert.Equal(pwm, Esp32Firmware.PwmForCurrent(amps));

    [Theory]
    [MemberData(nameof(Table))]
    public void Max_current_sets_the_pwm_with_a_63_a_cable(int amps, int pwm)
    {
        var bench = FirmwareBench.Booted();
        bench.Pass();
        Assert.Equal("<ACK;CMD=SETMAXAMP;STATUS=OK;>\r\n", bench.Command(2, (byte)amps));
        bench.ToEvConnected(cableRating: 63);
        Assert.Equal(pwm, bench.Firmware.Pwm);
        Assert.Equal(pwm, bench.Hardware.ControlPilotDuty);
    }

    [Theory]
    [InlineData(6, 32, 25)]
    [InlineData(13, 32, 53)]
    [InlineData(20, 32, 84)]
    [InlineData(20, 16, 66)]
    [InlineData(32, 8, 33)]
    public void The_limit_is_the_smaller_of_cable_and_max(int cable, byte max, int pwm)
    {
        var bench = FirmwareBench.Booted();
        bench.Pass();
        bench.Command(2, max);
        bench.ToEvConnected(cable);
        Assert.Equal(pwm, bench.Firmware.Pwm);
    }

    [Fact]
    public void No_pwm_without_an_ev_and_pwm_before_authorization()
    {
        var bench = FirmwareBench.Booted();
        bench.Pass();
        bench.Vehicle.PlugCable(32);
        bench.Passes(5);
        Assert.Equal(255, bench.Firmware.Pwm);

        bench.Vehicle.ConnectEv();
        bench.Passes(2);
        Assert.Equal(FirmwareState.EvConnected, bench.State);
        Assert.False(bench.Firmware.AuthEnabled);
        Assert.Equal(135, bench.Firmware.Pwm);
        Assert.False(bench.Hardware.RelayClosed);
    }

    [Fact]
    public void Max_current_is_kept_across_sessions()
    {
        var bench = FirmwareBench.Booted();
        bench.Pass();
        bench.Command(2, 12);
        bench.ToCharging();
        bench.Command(4, 7);
        bench.Vehicle.UnplugCable();
        bench.RunUntil(() => bench.State == FirmwareState.Idle);
        bench.Pass();
        Assert.Equal(12, bench.Firmware.MaxCurrent);
    }

    [Fact]
    public void In_stopped_the_cp_output_flickers_between_the_duty_and_steady_high_while_stat_shows_255()
    {
        var bench = FirmwareBench.Booted();
        bench.Pass();
        bench.ToCharging();
        bench.Command(4, 7);
        bench.Pass();
        var writes = bench.Hardware.ControlPilotDutyWrites;

        bench.Passes(3);

        Assert.Equal(writes + 6, bench.Hardware.ControlPilotDutyWrites); // duty at the top, 255 in state 7, every pass
        Assert.Equal(255, bench.Hardware.ControlPilotDuty);
        Assert.Equal(255, bench.Firmware.Pwm);
    }
}
