namespace Charger.Actors.Serial;

/// <summary>
/// How to open a serial port. Every property is checked when it is set, so an invalid value fails where
/// it is configured, with a message that names the value and what is allowed. Defaults: 115200 8N1, the
/// ESP32 charge controller's framing.
/// </summary>
public sealed record SerialPortSettings
{
    /// <summary>Device path, e.g. <c>/dev/ttyUSB0</c> or a <c>/dev/serial/by-id/...</c> link. Absolute.</summary>
    public required string Path
    {
        get;
        init
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new ArgumentException("The serial port path is empty; give a device path such as /dev/ttyUSB0.", nameof(Path));
            if (!System.IO.Path.IsPathRooted(value))
                throw new ArgumentException($"The serial port path '{value}' is not absolute; give a device path such as /dev/ttyUSB0.", nameof(Path));
            field = value;
        }
    }

    /// <summary>Baud rate; one of the standard Linux rates (50 .. 4000000).</summary>
    public int BaudRate
    {
        get;
        init
        {
            if (!BaudRates.TryGetSpeedConstant(value, out _))
                throw new ArgumentOutOfRangeException(nameof(BaudRate), value,
                    $"Baud rate {value} is not supported; use one of {string.Join(", ", BaudRates.Supported)}.");
            field = value;
        }
    } = 115200;

    /// <summary>Data bits per character: 5, 6, 7 or 8.</summary>
    public int DataBits
    {
        get;
        init
        {
            if (value is < 5 or > 8)
                throw new ArgumentOutOfRangeException(nameof(DataBits), value, $"Data bits must be 5, 6, 7 or 8, not {value}.");
            field = value;
        }
    } = 8;

    public SerialParity Parity
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(Parity), value, $"Parity must be one of {string.Join(", ", Enum.GetNames<SerialParity>())}.");
            field = value;
        }
    } = SerialParity.None;

    public SerialStopBits StopBits
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(StopBits), value, "Stop bits must be One or Two.");
            field = value;
        }
    } = SerialStopBits.One;

    /// <summary>
    /// How long <see cref="LinuxSerialPort.Write"/> waits for the device to accept more bytes before it
    /// gives up with a <see cref="TimeoutException"/>. It bounds each stall, not the whole write. 0.1 s .. 60 s.
    /// </summary>
    public TimeSpan WriteTimeout
    {
        get;
        init
        {
            if (value < TimeSpan.FromMilliseconds(100) || value > TimeSpan.FromSeconds(60))
                throw new ArgumentOutOfRangeException(nameof(WriteTimeout), value, $"Write timeout must be between 100 ms and 60 s, not {value}.");
            field = value;
        }
    } = TimeSpan.FromSeconds(2);

    /// <summary>"/dev/ttyUSB0 115200 8N1".</summary>
    public override string ToString() =>
        $"{Path} {BaudRate} {DataBits}{Parity switch { SerialParity.Odd => 'O', SerialParity.Even => 'E', _ => 'N' }}{(int)StopBits}";
}
