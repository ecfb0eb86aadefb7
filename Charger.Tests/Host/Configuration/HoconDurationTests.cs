using System.ComponentModel;
using Charger.Host.Configuration;

namespace Charger.Tests.Host.Configuration;

/// <summary><see cref="HoconDuration"/> (Akka.NET's reader with our rule that a unit is required) and the
/// TimeSpan converter that binds it.</summary>
public sealed class HoconDurationTests
{
    public HoconDurationTests() => HoconConverters.Register();

    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("10 seconds", 10_000)]
    [InlineData("1 second", 1_000)]
    [InlineData("1.5 minutes", 90_000)]
    [InlineData("  3 millis ", 3)]
    [InlineData("250 milliseconds", 250)]
    [InlineData("2 hours", 7_200_000)]
    [InlineData("7 days", 604_800_000)]
    [InlineData("0s", 0)]
    public void Parses_hocon_durations(string text, long milliseconds)
    {
        Assert.True(HoconDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Fact]
    public void Parses_units_below_a_millisecond_to_the_tick()
    {
        Assert.True(HoconDuration.TryParse("1500 micros", out var micros));
        Assert.Equal(TimeSpan.FromTicks(15_000), micros);
        Assert.True(HoconDuration.TryParse("200ns", out var nanos));
        Assert.Equal(TimeSpan.FromTicks(2), nanos);
        Assert.True(HoconDuration.TryParse("1.5ms", out var fraction));
        Assert.Equal(TimeSpan.FromTicks(15_000), fraction);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5")] // a bare number: milliseconds in HOCON, days in .NET
    [InlineData("1.5")]
    [InlineData("infinite")] // Akka's word for forever; no setting here means forever
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("5S")] // units are case-sensitive, as in HOCON
    [InlineData("5 sec")]
    [InlineData("5s extra")]
    [InlineData("1.2.3s")]
    [InlineData("1e3ms")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("99999999999999999999d")]
    [InlineData("00:00:05")]
    public void Refuses_anything_else(string? text) => Assert.False(HoconDuration.TryParse(text, out _));

    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("00:00:05", 5_000)] // the stock form still works
    [InlineData("1.00:00:00", 86_400_000)]
    public void The_registered_converter_takes_hocon_and_stock_forms(string text, long milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), TypeDescriptor.GetConverter(typeof(TimeSpan)).ConvertFromInvariantString(text));

    [Theory]
    [InlineData("5", "has no unit")]
    [InlineData("1.5", "has no unit")]
    [InlineData("5 sec", "is not a duration: write a number and a unit, like 500ms, 5s")]
    [InlineData("99999999.00:00:00", "is not a duration")]
    public void The_registered_converter_says_what_to_write(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => TypeDescriptor.GetConverter(typeof(TimeSpan)).ConvertFromInvariantString(text));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
