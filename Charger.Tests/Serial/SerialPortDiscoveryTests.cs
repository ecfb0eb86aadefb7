using Charger.Actors.Serial;

namespace Charger.Tests.Serial;

public sealed class SerialPortDiscoveryTests : IDisposable
{
    private readonly DirectoryInfo _dev = Directory.CreateTempSubdirectory("charger-dev-");

    public void Dispose() => _dev.Delete(recursive: true);

    private string Touch(string relative)
    {
        var path = Path.Combine(_dev.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        return path;
    }

    [Fact]
    public void A_configured_path_wins_even_if_it_does_not_exist_yet()
    {
        Touch("ttyUSB0");
        Assert.Equal("/dev/ttyESP32", SerialPortDiscovery.Find("/dev/ttyESP32", _dev.FullName));
    }

    [Fact]
    public void By_id_comes_first_then_ttyUSB_then_ttyACM_each_sorted()
    {
        var acm0 = Touch("ttyACM0");
        var usb10 = Touch("ttyUSB10");
        var usb2 = Touch("ttyUSB2");
        Touch("ttyUSBfoo"); // not a numbered device: ignored
        Touch("ttyS0");     // built-in UART: never a candidate
        var idB = Touch("serial/by-id/usb-Silicon_Labs_CP2102-if00-port0");
        var idA = Touch("serial/by-id/usb-1a86_USB_Serial-if00-port0");

        Assert.Equal([idA, idB, usb2, usb10, acm0], SerialPortDiscovery.ListCandidates(_dev.FullName));
        Assert.Equal(idA, SerialPortDiscovery.Find(null, _dev.FullName));
        Assert.Equal(idA, SerialPortDiscovery.Find("  ", _dev.FullName));
    }

    [Fact]
    public void Without_by_id_the_first_ttyUSB_is_chosen_then_ttyACM()
    {
        var acm = Touch("ttyACM3");
        Assert.Equal(acm, SerialPortDiscovery.Find(null, _dev.FullName));
        var usb = Touch("ttyUSB1");
        Assert.Equal(usb, SerialPortDiscovery.Find(null, _dev.FullName));
    }

    [Fact]
    public void Nothing_found_is_a_clear_error()
    {
        var error = Assert.Throws<SerialPortNotFoundException>(() => SerialPortDiscovery.Find(null, _dev.FullName));
        Assert.Contains("No serial port found", error.Message);
        Assert.Contains("ttyUSB*", error.Message);
        Assert.Contains("configure the port path", error.Message);
    }

    [Fact]
    public void A_pty_link_in_a_temp_dev_directory_is_found_and_opens()
    {
        using var pty = PseudoTerminal.Open(Path.Combine(_dev.FullName, "ttyUSB0"));
        var found = SerialPortDiscovery.Find(null, _dev.FullName);
        Assert.Equal(pty.DevicePath, found);
        using var port = LinuxSerialPort.Open(new SerialPortSettings { Path = found });
    }

    [Fact]
    public void The_real_dev_directory_can_be_listed()
    {
        var candidates = SerialPortDiscovery.ListCandidates();
        Assert.All(candidates, c => Assert.StartsWith("/dev/", c));
    }
}
