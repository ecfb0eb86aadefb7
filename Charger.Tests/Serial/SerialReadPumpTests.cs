using Charger.Actors.Serial;
using Charger.Tests.TestKit;

namespace Charger.Tests.Serial;

/// <summary>
/// The pump both port-owning actors (the ESP32 link, the meter link) read through: a real pty as the device, our
/// termios port on its slave, a probe as the owner.
/// </summary>
public sealed class SerialReadPumpTests : ActorTestBase
{
    private readonly PseudoTerminal _device = PseudoTerminal.Open();
    private readonly ISerialPort _port;

    public SerialReadPumpTests()
    {
        _port = SerialPorts.Open(SerialDriver.Termios, new SerialPortSettings { Path = _device.SlavePath, BaudRate = 115200 });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        _port.Dispose();
        _device.Dispose();
    }

    [Fact]
    public void What_the_device_sends_reaches_the_owner_in_order()
    {
        var owner = CreateProbe("owner");
        SerialReadPump.Start(_port, owner.Ref);
        _device.Write("<one>"u8);
        _device.Write("<two>"u8);

        var received = new List<byte>();
        while (received.Count < 10)
            received.AddRange(owner.ExpectMsg<SerialReadPump.BytesReceived>(TimeSpan.FromSeconds(5)).Bytes.ToArray());
        Assert.Equal("<one><two>"u8.ToArray(), received);
    }

    [Fact]
    public void A_device_that_goes_away_ends_the_read_once_with_a_link_down_cause()
    {
        var owner = CreateProbe("owner");
        SerialReadPump.Start(_port, owner.Ref);
        _device.Dispose();

        var ended = owner.FishForMessage<SerialReadPump.ReadEnded>(_ => true, TimeSpan.FromSeconds(5));
        var cause = Assert.IsType<LinkDownException>(ended.Cause);
        Assert.Contains(_device.SlavePath, cause.Message);
        owner.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Input_that_completes_while_the_pump_runs_ends_the_read_as_end_of_file()
    {
        var owner = CreateProbe("owner");
        SerialReadPump.Start(_port, owner.Ref);
        _port.Dispose(); // completes the input normally, as no owner does before stopping its pump

        var ended = owner.ExpectMsg<SerialReadPump.ReadEnded>(TimeSpan.FromSeconds(5));
        Assert.Equal(LinkDownReason.EndOfFile, Assert.IsType<LinkDownException>(ended.Cause).Reason);
    }

    [Fact]
    public void A_port_the_owner_closes_after_stopping_the_pump_is_no_failure()
    {
        var owner = CreateProbe("owner");
        var pump = SerialReadPump.Start(_port, owner.Ref);
        _device.Write("<one>"u8);
        owner.ExpectMsg<SerialReadPump.BytesReceived>(TimeSpan.FromSeconds(5));

        pump.Stop();
        _port.Dispose();
        owner.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }
}
