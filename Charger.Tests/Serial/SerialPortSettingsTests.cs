using Charger.Actors.Serial;

namespace Charger.Tests.Serial;

public sealed class SerialPortSettingsTests
{
    [Fact]
    public void Defaults_are_the_ESP32_link_115200_8N1()
    {
        var settings = new SerialPortSettings { Path = "/dev/ttyUSB0" };
        Assert.Equal(115200, settings.BaudRate);
        Assert.Equal(8, settings.DataBits);
        Assert.Equal(SerialParity.None, settings.Parity);
        Assert.Equal(SerialStopBits.One, settings.StopBits);
        Assert.Equal("/dev/ttyUSB0 115200 8N1", settings.ToString());
        Assert.Equal("/dev/ttyS1 9600 7E2", (settings with { Path = "/dev/ttyS1", BaudRate = 9600, DataBits = 7, Parity = SerialParity.Even, StopBits = SerialStopBits.Two }).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("ttyUSB0")]
    public void A_blank_or_relative_path_is_rejected(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => new SerialPortSettings { Path = path });
        Assert.Equal("Path", error.ParamName);
        Assert.Contains("/dev/ttyUSB0", error.Message);
    }

    [Fact]
    public void An_unsupported_baud_rate_is_rejected_with_the_supported_ones()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SerialPortSettings { Path = "/dev/ttyUSB0", BaudRate = 12345 });
        Assert.Contains("12345", error.Message);
        Assert.Contains("115200", error.Message);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(9)]
    public void Data_bits_outside_5_to_8_are_rejected(int bits)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SerialPortSettings { Path = "/dev/ttyUSB0", DataBits = bits });
        Assert.Contains("5, 6, 7 or 8", error.Message);
    }

    [Fact]
    public void Undefined_parity_stop_bits_and_silly_timeouts_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SerialPortSettings { Path = "/dev/ttyUSB0", Parity = (SerialParity)9 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SerialPortSettings { Path = "/dev/ttyUSB0", StopBits = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SerialPortSettings { Path = "/dev/ttyUSB0", WriteTimeout = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SerialPortSettings { Path = "/dev/ttyUSB0", WriteTimeout = TimeSpan.FromHours(1) });
    }
}
