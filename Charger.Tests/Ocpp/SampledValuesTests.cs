using Charger.Actors.Ocpp.ChargePoint;
using Charger.Actors.Ocpp.Transactions;

namespace Charger.Tests.Ocpp;

public sealed class SampledValuesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlySet<string> All => SampledValues.Parse(SampledValues.DefaultList)!;

    [Fact]
    public void A_fresh_three_phase_reading_gives_energy_power_current_per_phase_and_the_offered_current()
    {
        var value = SampledValues.Of(T0, "Sample.Periodic", 16, new MeterSample(1_234_567.84, 11_040.25, 16, 15.5, 16.004), All);
        Assert.Equal(T0, value.Timestamp);
        Assert.Equal(
        [
            ("Energy.Active.Import.Register", null, "Wh", "1234567.8"), ("Power.Active.Import", null, "W", "11040.3"),
            ("Current.Import", "L1", "A", "16"), ("Current.Import", "L2", "A", "15.5"), ("Current.Import", "L3", "A", "16"),
            ("Current.Offered", null, "A", "16"),
        ], value.SampledValue.Select(v => (v.Measurand, v.Phase, v.Unit, v.Value)));
        Assert.All(value.SampledValue, v => Assert.Equal("Sample.Periodic", v.Context));
    }

    [Fact]
    public void Without_a_meter_reading_only_the_offered_current_is_sent_and_a_single_phase_meter_gives_L1_only()
    {
        Assert.Equal(["Current.Offered"], SampledValues.Of(T0, "Sample.Periodic", 0, null, All).SampledValue.Select(v => v.Measurand));
        var single = SampledValues.Of(T0, "Sample.Clock", 6, new MeterSample(10, 1380, 6, null, null), All);
        Assert.Equal(["L1"], single.SampledValue.Where(v => v.Measurand == "Current.Import").Select(v => v.Phase));
    }

    [Fact]
    public void The_configured_measurands_limit_what_is_sent_and_an_unknown_measurand_is_not_a_valid_list()
    {
        var energyOnly = SampledValues.Parse("Energy.Active.Import.Register")!;
        Assert.Equal(["Energy.Active.Import.Register"],
            SampledValues.Of(T0, "Sample.Clock", 16, new MeterSample(10, 1380, 6, null, null), energyOnly).SampledValue.Select(v => v.Measurand));
        // Nothing to send of what is asked (no meter): the offered current keeps the MeterValue valid (at least one value).
        Assert.Equal(["Current.Offered"], SampledValues.Of(T0, "Sample.Clock", 16, null, energyOnly).SampledValue.Select(v => v.Measurand));
        Assert.False(SampledValues.IsValidList("Energy.Active.Import.Register,Voltage"));
        Assert.True(SampledValues.IsValidList("Current.Offered, Power.Active.Import"));
        Assert.Equal("Rejected", OcppConfiguration.Check("MeterValuesSampledData", "Frequency", out _));
        Assert.Equal("Accepted", OcppConfiguration.Check("ClockAlignedDataInterval", "900", out _));
    }

    [Theory]
    [InlineData("2026-12-07T12:07:13Z", 900, "2026-12-07T12:15:00Z")]
    [InlineData("2026-12-07T12:15:00Z", 900, "2026-12-07T12:30:00Z")]
    [InlineData("2026-12-07T23:59:00Z", 7 * 3600, "2026-12-08T00:00:00Z")] // 7 h does not divide a day: it starts again at midnight
    [InlineData("2026-12-07T20:00:00Z", 7 * 3600, "2026-12-07T21:00:00Z")] // 0, 7, 14, 21 h
    public void Clock_aligned_samples_fall_on_multiples_of_the_interval_since_midnight_UTC(string now, int seconds, string next) =>
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture),
            OcppChargePointActor.NextAligned(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(seconds)));
}
