using System.Text;
using Charger.Actors.Simulation;

namespace Charger.Tests.Simulation;

/// <summary>ESP32-FIRMWARE.md 1.8: STAT every 7500 ms from the previous periodic send, at the end of a pass.</summary>
public sealed class PeriodicStatTests
{
    [Fact]
    public void Idle_station_sends_stat_every_7500_ms_of_millis()
    {
        var sends = new List<long>();
        var hardware = new ChargePointHardware();
        hardware.PowerBoard.IsTransmitting = false;
        Esp32Firmware? firmware = null;
        firmware = new Esp32Firmware(
            hardware,
            bytes =>
            {
                if (Encoding.ASCII.GetString(bytes.Span).StartsWith("<STAT;", StringComparison.Ordinal)) sends.Add(firmware!.Millis);
            },
            FirmwareBench.QuietBoot);
        firmware.Boot();

        firmware.RunFor(TimeSpan.FromSeconds(60) - firmware.Uptime);

        // Boot ends at 2110 ms; the first pass takes 340 ms (white LED), then 100 ms each: passes end at ...50 ms.
        Assert.Equal([7550L, 15050, 22550, 30050, 37550, 45050, 52550], sends);
    }

    [Fact]
    public void The_interval_stretches_to_the_end_of_the_pass_in_progress()
    {
        var bench = FirmwareBench.Booted();
        bench.Pass();
        bench.ToCharging();
        bench.Send(4, 7);
        bench.Pass();
        var stats = new List<long>();
        for (var i = 0; i < 200; i++)
        {
            var before = bench.Firmware.LastStatMillis;
            bench.Pass();
            if (bench.Firmware.LastStatMillis != before) stats.Add(bench.Firmware.LastStatMillis);
        }

        Assert.True(stats.Count >= 5);
        for (var i = 1; i < stats.Count; i++)
        {
            var gap = stats[i] - stats[i - 1];
            Assert.InRange(gap, 7500, 7500 + 501); // state 7 passes take 501 ms
        }
    }

    [Fact]
    public void A_read_status_reply_and_a_periodic_stat_can_share_a_pass_reply_first()
    {
        var bench = FirmwareBench.Booted();
        bench.RunUntil(() => bench.Firmware.Millis >= 7450);
        Assert.Equal(7450, bench.Firmware.Millis);
        Assert.Empty(bench.PeriodicStats);

        bench.Send(0, 0);
        bench.Firmware.RunLoopPass();

        var stat = bench.Stat;
        Assert.Equal($"{stat}\r\n<ACK;CMD=READSTAT;STATUS=OK;>\r\n{stat}\r\n", bench.TakeOutput());
        Assert.Equal(7550, bench.Firmware.LastStatMillis);
    }
}
