using Charger.Actors.Simulation;

namespace Charger.Tests.Simulation;

/// <summary>ESP32-FIRMWARE.md 2.5: the authorization survives an unplug before charging.</summary>
public sealed class LeftoverAuthorizationTests
{
    private static FirmwareBench Idle()
    {
        var bench = FirmwareBench.Booted();
        bench.Pass();
        return bench;
    }

    [Fact]
    public void Authorization_left_over_from_3_to_1_starts_the_next_session_without_a_new_grant()
    {
        var bench = Idle();
        bench.ToEvConnected();
        bench.Command(1, 1);
        bench.Vehicle.UnplugCable();
        bench.RunUntil(() => bench.State == FirmwareState.Idle);
        bench.Passes(3);

        Assert.Equal(AuthorizationStatus.Granted, bench.Firmware.Authorization);
        Assert.Equal("<STAT;CP=0;CPV=3925;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=32;CABLE=0;AUTH=1;STATE=1;PB=0;STOP=0;>", bench.Stat);

        bench.Vehicle.PlugCable(32);
        bench.RunUntil(() => bench.State == FirmwareState.CableDetect);
        bench.Pass();
        bench.Vehicle.ConnectEv();
        bench.RunUntil(() => bench.State == FirmwareState.EvConnected);
        bench.Pass();

        Assert.Equal(FirmwareState.Ready, bench.State);
        bench.Pass();
        Assert.True(bench.Hardware.RelayClosed);
        bench.Vehicle.RequestCharge();
        bench.Pass();
        Assert.Equal(FirmwareState.Charging, bench.State);
    }

    [Fact]
    public void Authorization_left_over_from_2_to_1_survives_too()
    {
        var bench = Idle();
        bench.Vehicle.PlugCable(32);
        bench.RunUntil(() => bench.State == FirmwareState.CableDetect);
        Assert.Equal("<ACK;CMD=AUTH;STATUS=OK;>\r\n", bench.Command(1, 1));
        bench.Vehicle.UnplugCable();
        bench.RunUntil(() => bench.State == FirmwareState.Idle);
        Assert.Equal(AuthorizationStatus.Granted, bench.Firmware.Authorization);
    }

    [Fact]
    public void Stop_then_removing_the_cable_clears_it()
    {
        var bench = Idle();
        bench.ToEvConnected();
        bench.Command(1, 1);
        bench.Command(4, 7);
        bench.Vehicle.UnplugCable();
        bench.RunUntil(() => bench.State == FirmwareState.Idle);
        Assert.Equal(AuthorizationStatus.Waiting, bench.Firmware.Authorization);
        Assert.False(bench.Firmware.AuthEnabled);
    }

    [Fact]
    public void Mitigation_stop_in_idle_with_nothing_plugged_clears_a_leftover_grant()
    {
        var bench = Idle();
        bench.ToEvConnected();
        bench.Command(1, 1);
        bench.Vehicle.UnplugCable();
        bench.RunUntil(() => bench.State == FirmwareState.Idle);
        bench.Pass();

        Assert.Equal("", bench.Command(4, 7));
        Assert.Equal("<INFO;MSG=FINISHING_EXIT_STATION_CABLE_DISCONNECTED;>\r\n", bench.Pass());

        Assert.Equal(FirmwareState.Idle, bench.State);
        Assert.Equal(AuthorizationStatus.Waiting, bench.Firmware.Authorization);
        Assert.False(bench.Firmware.AuthEnabled);
    }

    [Fact]
    public void Auth_other_than_1_replaces_it_with_a_cancel_request()
    {
        var bench = Idle();
        bench.ToEvConnected();
        bench.Command(1, 1);
        bench.Command(1, 0);
        Assert.Equal(AuthorizationStatus.CancelRequested, bench.Firmware.Authorization);
        Assert.False(bench.Firmware.AuthEnabled);
    }
}
