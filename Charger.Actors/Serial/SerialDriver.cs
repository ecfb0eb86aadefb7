namespace Charger.Actors.Serial;

/// <summary>Which implementation opens the serial port (<c>serial.driver</c> in charger.conf).</summary>
public enum SerialDriver
{
    /// <summary>
    /// The driver that passes the serial contract suite (Charger.Tests/Serial/SerialContract.cs); see
    /// <see cref="SerialPorts.Resolve"/>.
    /// </summary>
    Auto,

    /// <summary><see cref="SystemIoSerialPort"/>: System.IO.Ports.SerialPort behind the same contract.</summary>
    SystemIoPorts,

    /// <summary><see cref="LinuxSerialPort"/>: our termios port.</summary>
    Termios,
}
