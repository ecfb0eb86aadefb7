using System.ComponentModel;
using Charger.Host.Configuration;

namespace Charger.Tests.Host.Configuration;

/// <summary><see cref="HoconSize"/> and the long converter that binds it.</summary>
public sealed class HoconSizeTests
{
    public HoconSizeTests() => HoconConverters.Register();

    [Theory]
    [InlineData("1024", 1024)]
    [InlineData("10B", 10)]
    [InlineData("10 bytes", 10)]
    [InlineData("512kB", 512_000)]
    [InlineData("10MB", 10_000_000)]
    [InlineData("2GB", 2_000_000_000)]
    [InlineData("1TB", 1_000_000_000_000)]
    [InlineData("512K", 524_288)]
    [InlineData("512k", 524_288)]
    [InlineData("512KiB", 524_288)]
    [InlineData("10M", 10_485_760)]
    [InlineData("10MiB", 10_485_760)]
    [InlineData("10 mebibytes", 10_485_760)]
    [InlineData("1.5G", 1_610_612_736)]
    [InlineData("1Ti", 1_099_511_627_776)]
    [InlineData("3 megabytes", 3_000_000)]
    public void Parses_hocon_sizes_with_decimal_and_binary_units(string text, long bytes)
    {
        Assert.True(HoconSize.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MB")]
    [InlineData("-1MB")]
    [InlineData("10KB")] // not a HOCON unit: kB or K/KiB
    [InlineData("10 mb")]
    [InlineData("1.5B")]
    [InlineData("10XB")]
    [InlineData("99999999999TB")]
    public void Refuses_anything_else(string? text) => Assert.False(HoconSize.TryParse(text, out _));

    [Theory]
    [InlineData("10MiB", 10_485_760)]
    [InlineData("42", 42)]
    [InlineData("-42", -42)] // the stock converter's forms keep working
    [InlineData("0x10", 16)]
    public void The_registered_converter_takes_hocon_and_stock_forms(string text, long expected) =>
        Assert.Equal(expected, TypeDescriptor.GetConverter(typeof(long)).ConvertFromInvariantString(text));

    [Fact]
    public void The_registered_converter_says_what_to_write()
    {
        var error = Assert.Throws<FormatException>(() => TypeDescriptor.GetConverter(typeof(long)).ConvertFromInvariantString("10KB"));
        Assert.Contains("'10KB' is not a whole number or a size: write a number of bytes, or a number and a unit like 512kB", error.Message, StringComparison.Ordinal);
    }
}
