namespace Charger.Actors.Serial;

/// <summary>Opens a serial port with the driver <c>serial.driver</c> names.</summary>
public static class SerialPorts
{
    /// <summary>The driver <see cref="SerialDriver.Auto"/> stands for: the termios port until the contract suite says otherwise.</summary>
    public static SerialDriver Resolve(SerialDriver driver) => driver == SerialDriver.Auto ? SerialDriver.Termios : driver;

    public static ISerialPort Open(SerialDriver driver, SerialPortSettings settings) => Resolve(driver) switch
    {
        SerialDriver.SystemIoPorts => SystemIoSerialPort.Open(settings),
        SerialDriver.Termios => LinuxSerialPort.Open(settings),
        var other => throw new ArgumentOutOfRangeException(nameof(driver), other, "Unknown serial driver."),
    };
}
