using Charger.Actors.Alerts;
using Charger.Actors.Alerts.Rules;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Queries;
using Charger.Host.Http;

namespace Charger.Tests.Alerts;

public sealed class ClockSyncLogTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-clock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SessionSummary StartedAt(DateTimeOffset at) =>
        new("s-1", "cp-1", "driver-7", SessionStatus.Completed, at, at + TimeSpan.FromMinutes(30), 3, 7, "stopped", 4, []);

    [Fact]
    public void A_session_that_started_while_the_clock_was_unsynchronised_is_flagged_also_after_a_restart()
    {
        var path = Path.Combine(_dir, "clock-unsynchronised.json");
        var log = new ClockSyncLog(path);
        log.Observe(true, T0);
        log.Observe(false, T0 + TimeSpan.FromMinutes(1)); // a power cut: the clock restarted from the last saved time
        log.Observe(false, T0 + TimeSpan.FromMinutes(2));
        // NTP answers and steps the clock a day ahead: the period closes on the right time
        log.Observe(true, T0 + TimeSpan.FromDays(1));

        var reopened = new ClockSyncLog(path);
        Assert.Single(reopened.Periods);
        Assert.True(SessionJson.From(StartedAt(T0 + TimeSpan.FromMinutes(5)), T0 + TimeSpan.FromDays(2), clock: reopened).ClockUnsynchronised);
        Assert.False(SessionJson.From(StartedAt(T0 + TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1)), T0 + TimeSpan.FromDays(2), clock: reopened).ClockUnsynchronised);
        Assert.False(SessionJson.From(StartedAt(T0 - TimeSpan.FromHours(1)), T0 + TimeSpan.FromDays(2), clock: reopened).ClockUnsynchronised);
    }

    [Fact]
    public void A_clock_stepped_back_still_covers_the_wrong_times_and_an_open_period_covers_everything_after_it()
    {
        var log = new ClockSyncLog();
        log.Observe(false, T0 + TimeSpan.FromHours(5)); // the clock ran ahead
        log.Observe(true, T0); // NTP stepped it back
        Assert.True(log.WasUnsynchronisedAt(T0 + TimeSpan.FromHours(2)));
        log.Observe(false, T0 + TimeSpan.FromHours(6));
        Assert.True(log.WasUnsynchronisedAt(T0 + TimeSpan.FromDays(3)));
        Assert.False(log.WasUnsynchronisedAt(T0 - TimeSpan.FromHours(1)));
    }

    [Fact]
    public void The_kernels_clock_state_and_the_thermal_zones_are_read_or_said_unavailable()
    {
        // adjtimex(2) answers on any Linux (modes 0 needs no privilege); whether the clock is synchronised depends on the machine.
        Assert.True(new LinuxHostReadings().ClockSynchronised().IsAvailable);

        var zone = Directory.CreateDirectory(Path.Combine(_dir, "thermal", "thermal_zone0")).FullName;
        File.WriteAllText(Path.Combine(zone, "temp"), "81500\n");
        Directory.CreateDirectory(Path.Combine(_dir, "thermal", "thermal_zone1"));
        File.WriteAllText(Path.Combine(_dir, "thermal", "thermal_zone1", "temp"), "45000\n");
        Assert.Equal(81.5, new LinuxHostReadings(Path.Combine(_dir, "thermal")).CpuCelsius().Value);

        var absent = new LinuxHostReadings(Path.Combine(_dir, "no-thermal")).CpuCelsius();
        Assert.False(absent.IsAvailable);
        Assert.StartsWith("no thermal zone", absent.Why);
        Assert.True(new LinuxHostReadings().RssBytes().Value > 1024 * 1024);
        var (total, free) = new LinuxHostReadings().Disk(_dir).Value;
        Assert.InRange(free, 0, total);
    }
}
