namespace Charger.Actors.Serial;

/// <summary>Opens a serial port with the driver <c>serial.driver</c> names.</summary>
public static class SerialPorts
{
    /// <summary>
    /// The driver <see cref="SerialDriver.Auto"/> stands for: the one that passes the whole serial contract suite
    /// (Charger.Tests/Serial/SerialContract.cs). That is <see cref="SerialDriver.Termios"/>. System.IO.Ports fails
    /// three checks (asserted as its known limitations in SystemIoPortsContract):
    /// <c>No_CPU_spin_while_waiting_for_data</c> (its I/O loop polls every 1 ms: ~850 wake-ups per idle second),
    /// <c>No_DTR_RTS_toggle_on_open_or_close</c> (HUPCL stays set, so closing drops DTR/RTS) and, as root,
    /// <c>Exclusive_open_refuses_a_second_opener</c> (TIOCEXCL only, no flock). Switch this only when those
    /// assertions flip and the suite passes for it.
    /// </summary>
    public static SerialDriver Resolve(SerialDriver driver) => driver == SerialDriver.Auto ? SerialDriver.Termios : driver;

    public static ISerialPort Open(SerialDriver driver, SerialPortSettings settings) => Resolve(driver) switch
    {
        SerialDriver.SystemIoPorts => SystemIoSerialPort.Open(settings),
        SerialDriver.Termios => LinuxSerialPort.Open(settings),
        var other => throw new ArgumentOutOfRangeException(nameof(driver), other, "Unknown serial driver."),
    };
}
