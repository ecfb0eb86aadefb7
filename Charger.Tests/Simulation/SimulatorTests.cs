using System.Diagnostics;
using Charger.Actors.Simulation;

namespace Charger.Tests.Simulation;

/// <summary>The simulator on a manual clock: timing, a whole charge, and lifecycle faults.</summary>
public sealed class SimulatorTests
{
    [Fact]
    public void Power_on_prints_the_rom_banner_at_once_and_the_sketch_text_as_setup_runs()
    {
        using var rig = new SimulatorRig();
        Assert.StartsWith("ets Jul 29 2019", rig.TakeText(), StringComparison.Ordinal);

        rig.Advance(TimeSpan.FromMilliseconds(349));
        Assert.Equal("", rig.TakeText());
        rig.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("CSRPI Charging Station v4.8.0 - Dual UART\r\nUSB: Monitoring | GPIO: Commands\r\nGPIO UART: RX=GPIO34, TX=GPIO21, Baud=115200\n", rig.TakeText());

        rig.Advance(TimeSpan.FromMilliseconds(1760));
        Assert.EndsWith("Kart 9 Valid=0 ID=0;\r\n", rig.TakeText(), StringComparison.Ordinal);
        Assert.True(rig.Simulator.Inspect(f => f.IsBooted));
        Assert.Equal(CableLockState.Unlocked, rig.Simulator.Hardware.CableLock);
    }

    [Fact]
    public void Periodic_stat_arrives_every_7500_ms_on_the_clock()
    {
        using var rig = new SimulatorRig();
        var start = rig.Clock.GetUtcNow();
        var times = new List<double>();
        for (var step = 0; step < 4000; step++)
        {
            rig.Advance(TimeSpan.FromMilliseconds(10));
            if (rig.TakeText().Contains("<STAT;", StringComparison.Ordinal)) times.Add((rig.Clock.GetUtcNow() - start).TotalMilliseconds);
        }

        Assert.Equal([7550.0, 15050, 22550, 30050, 37550], times);
    }

    [Fact]
    public void A_command_is_answered_within_one_idle_pass()
    {
        using var rig = SimulatorRig.Booted();
        rig.AdvanceSeconds(1.234);
        rig.Send(5, 0);
        rig.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal("<ACK;CMD=UNKNOWN;STATUS=ERR;>\r\n", rig.TakeText());
    }

    [Fact]
    public void Commands_sent_back_to_back_are_answered_one_pass_apart()
    {
        using var rig = SimulatorRig.Booted();
        Assert.True(rig.Link.SendFromHost([.. FirmwareBench.Frame(5, 0), .. FirmwareBench.Frame(0, 0)]));
        var first = TimeSpan.Zero;
        var second = TimeSpan.Zero;
        for (var ms = 1; ms <= 300 && second == TimeSpan.Zero; ms++)
        {
            rig.Advance(TimeSpan.FromMilliseconds(1));
            var text = rig.TakeText();
            if (text.Contains("CMD=UNKNOWN", StringComparison.Ordinal)) first = TimeSpan.FromMilliseconds(ms);
            if (text.Contains("CMD=READSTAT", StringComparison.Ordinal)) second = TimeSpan.FromMilliseconds(ms);
        }
        Assert.NotEqual(TimeSpan.Zero, first);
        Assert.Equal(TimeSpan.FromMilliseconds(100), second - first);
    }

    [Fact]
    public void A_whole_charge_cycle_with_exact_status_frames_runs_in_milliseconds()
    {
        using var rig = SimulatorRig.Booted();
        var car = rig.Vehicle;

        rig.Send(2, 16);
        rig.AdvanceSeconds(1);
        Assert.Equal("<ACK;CMD=SETMAXAMP;STATUS=OK;>\r\n", rig.TakeText());
        Assert.Equal("<STAT;CP=0;CPV=3925;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>", rig.ReadStatus());

        car.PlugCable(32);
        rig.AdvanceSeconds(3);
        Assert.Equal("<STAT;CP=0;CPV=3925;PP=1;PPV=910;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=32;AUTH=0;STATE=2;PB=0;STOP=0;>", rig.ReadStatus());

        car.ConnectEv();
        rig.AdvanceSeconds(3);
        Assert.Equal("<STAT;CP=1;CPV=2885;PP=1;PPV=910;RL=0;LOCK=0;MOTOR=0;PWM=66;MAX=16;CABLE=32;AUTH=0;STATE=3;PB=0;STOP=0;>", rig.ReadStatus());

        rig.Send(1, 1);
        rig.AdvanceSeconds(1);
        Assert.Equal("<ACK;CMD=AUTH;STATUS=OK;>\r\n", StripPeriodicStats(rig.TakeText()));
        rig.AdvanceSeconds(2);
        Assert.Equal("<STAT;CP=1;CPV=2885;PP=1;PPV=910;RL=1;LOCK=1;MOTOR=0;PWM=66;MAX=16;CABLE=32;AUTH=1;STATE=4;PB=0;STOP=0;>", rig.ReadStatus());
        Assert.True(rig.Simulator.Hardware.RelayClosed);
        Assert.Equal(CableLockState.Locked, rig.Simulator.Hardware.CableLock);

        car.RequestCharge();
        rig.AdvanceSeconds(3);
        Assert.Equal("<STAT;CP=2;CPV=1846;PP=1;PPV=910;RL=1;LOCK=1;MOTOR=0;PWM=66;MAX=16;CABLE=32;AUTH=1;STATE=5;PB=0;STOP=0;>", rig.ReadStatus());

        car.Pause();
        rig.AdvanceSeconds(3);
        Assert.Equal("<STAT;CP=1;CPV=2885;PP=1;PPV=910;RL=1;LOCK=0;MOTOR=0;PWM=66;MAX=16;CABLE=32;AUTH=1;STATE=6;PB=0;STOP=0;>", rig.ReadStatus());
        Assert.False(rig.Simulator.Hardware.RelayClosed);

        car.Resume();
        rig.AdvanceSeconds(3);
        Assert.Equal("<STAT;CP=2;CPV=1846;PP=1;PPV=910;RL=1;LOCK=1;MOTOR=0;PWM=66;MAX=16;CABLE=32;AUTH=1;STATE=5;PB=0;STOP=0;>", rig.ReadStatus());
        Assert.True(rig.Simulator.Hardware.RelayClosed);

        rig.Send(4, 7);
        rig.AdvanceSeconds(3);
        Assert.Equal("<STAT;CP=2;CPV=1846;PP=1;PPV=910;RL=0;LOCK=1;MOTOR=0;PWM=255;MAX=16;CABLE=32;AUTH=0;STATE=7;PB=0;STOP=0;>", rig.ReadStatus());
        Assert.False(rig.Simulator.Hardware.RelayClosed);
        Assert.Equal(CableLockState.Unlocked, rig.Simulator.Hardware.CableLock);

        car.DisconnectEv();
        rig.AdvanceSeconds(60);
        Assert.Equal("<STAT;CP=0;CPV=3925;PP=1;PPV=910;RL=0;LOCK=1;MOTOR=0;PWM=255;MAX=16;CABLE=32;AUTH=0;STATE=7;PB=0;STOP=0;>", rig.ReadStatus());

        car.UnplugCable();
        rig.AdvanceSeconds(3);
        Assert.Equal("<STAT;CP=0;CPV=3925;PP=0;PPV=2457;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=0;AUTH=0;STATE=1;PB=0;STOP=0;>", rig.ReadStatus());

        // Everything the host saw: STAT frames, the ACKs asked for, and one INFO; nothing else.
        rig.TakeText();
        var lines = rig.Transcript.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Matches(@"^<STAT;CP=\d;CPV=\d+;PP=\d;PPV=\d+;RL=\d;LOCK=\d;MOTOR=\d;PWM=\d+;MAX=\d+;CABLE=\d+;AUTH=\d;STATE=\d;PB=\d;STOP=0;>$|^<ACK;CMD=(READSTAT|AUTH|SETMAXAMP);STATUS=OK;>$|^<INFO;MSG=FINISHING_EXIT_STATION_CABLE_DISCONNECTED;>$", line));
        Assert.Single(lines, l => l.StartsWith("<INFO;", StringComparison.Ordinal));
        Assert.True(lines.Count(l => l.StartsWith("<STAT;", StringComparison.Ordinal)) > 11 + 10); // replies plus periodic frames

    }

    [Fact]
    public void Hang_stops_all_output_while_host_bytes_wait_then_resume_handles_them()
    {
        using var rig = SimulatorRig.Booted();
        rig.Simulator.Hang();
        rig.Send(0, 0);
        rig.AdvanceSeconds(30);
        Assert.Equal("", rig.TakeText());
        Assert.Equal(5, rig.Simulator.Inspect(f => f.PendingUsbBytes));

        rig.Simulator.Resume();
        rig.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Contains("<ACK;CMD=READSTAT;STATUS=OK;>\r\n", rig.TakeText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Silence_keeps_the_firmware_working_but_the_host_hears_nothing()
    {
        using var rig = SimulatorRig.Booted();
        rig.Simulator.Faults.Silent = true;
        rig.Vehicle.PlugCable(32);
        rig.Vehicle.ConnectEv();
        rig.AdvanceSeconds(3);
        rig.Send(1, 1);
        rig.AdvanceSeconds(20);

        Assert.Equal("", rig.TakeText());
        Assert.Equal(FirmwareState.Ready, rig.Simulator.State);
        Assert.True(rig.Simulator.Faults.SilencedBytes > 0);

        rig.Simulator.Faults.Silent = false;
        Assert.Equal("<STAT;CP=1;CPV=2885;PP=1;PPV=910;RL=1;LOCK=1;MOTOR=0;PWM=135;MAX=32;CABLE=32;AUTH=1;STATE=4;PB=0;STOP=0;>", rig.ReadStatus());
    }

    [Fact]
    public void Disappear_takes_the_device_away_while_the_esp32_keeps_running_and_reappear_brings_it_back()
    {
        using var rig = SimulatorRig.Booted();
        rig.Simulator.Disappear();
        Assert.False(rig.Link.IsPresent);
        Assert.False(rig.Link.SendFromHost(FirmwareBench.Frame(0, 0)));
        rig.Vehicle.PlugCable(32);
        rig.AdvanceSeconds(20);
        Assert.Equal("", rig.TakeText());
        Assert.Equal(FirmwareState.CableDetect, rig.Simulator.State);

        rig.Simulator.Reappear();
        Assert.True(rig.Link.IsPresent);
        Assert.Equal(1, rig.Link.Disappearances);
        Assert.Equal("<STAT;CP=0;CPV=3925;PP=1;PPV=910;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=32;CABLE=32;AUTH=0;STATE=2;PB=0;STOP=0;>", rig.ReadStatus());
    }

    [Fact]
    public void Reappear_with_reset_reboots_the_esp32()
    {
        using var rig = SimulatorRig.Booted();
        rig.Simulator.Disappear();
        rig.Simulator.Reappear(resetEsp32: true);
        rig.AdvanceSeconds(3);
        var text = rig.TakeText();
        Assert.StartsWith("ets Jul 29 2019", text, StringComparison.Ordinal);
        Assert.Contains("CSRPI Charging Station v4.8.0 - Dual UART\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Reboot_while_charging_prints_the_boot_text_and_comes_back_idle_unlocked_and_unauthorized()
    {
        using var rig = SimulatorRig.Booted();
        rig.Send(2, 10);
        rig.Vehicle.PlugCable(32);
        rig.Vehicle.ConnectEv();
        rig.AdvanceSeconds(3);
        rig.Send(1, 1);
        rig.AdvanceSeconds(3);
        rig.Vehicle.RequestCharge();
        rig.AdvanceSeconds(3);
        Assert.Equal(FirmwareState.Charging, rig.Simulator.State);
        Assert.True(rig.Simulator.Hardware.RelayClosed);
        rig.TakeText();

        rig.Simulator.Reboot();
        rig.Advance(TimeSpan.FromMilliseconds(2110));

        var text = rig.TakeText();
        Assert.StartsWith("ets Jul 29 2019", text, StringComparison.Ordinal);
        Assert.EndsWith("Kart 9 Valid=0 ID=0;\r\n", text, StringComparison.Ordinal);
        var status = rig.Simulator.Status;
        Assert.Equal((int)FirmwareState.Idle, status.State);
        Assert.Equal(0, status.AuthEnabled);
        Assert.Equal(32, status.MaxCurrent);
        Assert.Equal(AuthorizationStatus.Waiting, rig.Simulator.Inspect(f => f.Authorization));
        Assert.False(rig.Simulator.Hardware.RelayClosed);
        Assert.Equal(CableLockState.Unlocked, rig.Simulator.Hardware.CableLock);

        rig.AdvanceSeconds(5); // the car still draws: 1 -> 2, and CABLE_DETECT waits for CP==1
        Assert.Equal(FirmwareState.CableDetect, rig.Simulator.State);
    }

    [Fact]
    public void Power_board_faults_drive_the_station_through_fault_hard_and_back()
    {
        using var rig = SimulatorRig.Booted();
        rig.Simulator.Hardware.PowerBoard.Condition = PowerBoardStatus.EarthFault;
        rig.AdvanceSeconds(12);
        var text = rig.TakeText();
        Assert.Contains("<INFO;MSG=GF_COUNT;VAL=10;>\r\n<WARN;MSG=GF_CONFIRMED;>\r\n", text, StringComparison.Ordinal);
        Assert.Equal(FirmwareState.FaultHard, rig.Simulator.State);

        rig.Simulator.Hardware.PowerBoard.Condition = PowerBoardStatus.Ok;
        rig.AdvanceSeconds(1.5);
        Assert.Equal(FirmwareState.HardfaultEnd, rig.Simulator.State);
        rig.AdvanceSeconds(11);
        Assert.Equal(FirmwareState.Idle, rig.Simulator.State);
    }

    [Fact]
    public void Output_faults_are_deterministic_for_a_seed()
    {
        static string Run(int seed)
        {
            using var rig = new SimulatorRig(new Esp32SimulatorOptions { FaultSeed = seed });
            rig.Simulator.Faults.ToHost = new ByteFaults(DropProbability: 0.02, CorruptProbability: 0.02, DuplicateProbability: 0.02);
            rig.AdvanceSeconds(40);
            return rig.TakeText();
        }

        var clean = new SimulatorRig();
        clean.AdvanceSeconds(40);
        var cleanText = clean.TakeText();
        clean.Dispose();

        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
        Assert.NotEqual(cleanText, Run(5));
    }

    [Fact]
    public void Faults_towards_the_esp32_lose_commands()
    {
        using var rig = SimulatorRig.Booted();
        rig.Simulator.Faults.FromHost = new ByteFaults(DropProbability: 1);
        rig.Send(0, 0);
        rig.AdvanceSeconds(1);
        Assert.Equal(0, rig.Simulator.Inspect(f => f.PendingUsbBytes));
        Assert.DoesNotContain("ACK", rig.TakeText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Power_off_stops_everything_until_power_on()
    {
        using var rig = SimulatorRig.Booted();
        rig.Simulator.PowerOff();
        rig.Send(0, 0);
        rig.AdvanceSeconds(20);
        Assert.Equal("", rig.TakeText());
        Assert.False(rig.Simulator.Inspect(f => f.IsPoweredOn));

        rig.Simulator.PowerOn();
        rig.AdvanceSeconds(3);
        Assert.Contains("CSRPI Charging Station", rig.TakeText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_in_real_time_on_the_system_clock()
    {
        using var simulator = new Esp32Simulator(TimeProvider.System, new Esp32SimulatorOptions { Firmware = new Esp32FirmwareOptions { PrintRomBootMessages = false } });
        var link = new InMemorySimulatorTransport();
        simulator.Attach(link);
        var text = new System.Text.StringBuilder();
        simulator.PowerOn();

        var deadline = Stopwatch.StartNew();
        while (!text.ToString().Contains("Kart 9", StringComparison.Ordinal) && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
            text.Append(link.TakeOutputText());
        }
        Assert.Contains("Kart 9 Valid=0 ID=0;\r\n", text.ToString(), StringComparison.Ordinal);
        Assert.True(deadline.Elapsed >= TimeSpan.FromSeconds(1.3), "the card lines come about 1.4 s after reset");

        link.SendFromHost(FirmwareBench.Frame(0, 0));
        text.Clear();
        while (!text.ToString().Contains("READSTAT", StringComparison.Ordinal) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
            text.Append(link.TakeOutputText());
        }
        Assert.Contains("<ACK;CMD=READSTAT;STATUS=OK;>\r\n", text.ToString(), StringComparison.Ordinal);
    }

    private static string StripPeriodicStats(string text) =>
        string.Concat(text.Split("\r\n").Where(l => l.Length > 0 && !l.StartsWith("<STAT;", StringComparison.Ordinal)).Select(l => l + "\r\n"));
}
