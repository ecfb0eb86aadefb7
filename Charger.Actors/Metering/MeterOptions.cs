using Charger.Actors.Serial;

namespace Charger.Actors.Metering;

/// <summary>
/// One charger's energy meter (<c>chargers[].meter</c>): its RS-485 adapter, line settings, slave address and
/// register map, and how it is polled and kept. A charger without one has null and no meter actor.
/// </summary>
public sealed record MeterOptions
{
    /// <summary>The RS-485 adapter's device, e.g. /dev/serial/by-id/usb-FTDI_...; required (no discovery: the ESP32's ports look alike).</summary>
    public required string PortPath { get; init; }

    public required MeterModel Model { get; init; }

    /// <summary>The registers read; the model's built-in map unless <see cref="MeterModel.Custom"/>.</summary>
    public required RegisterMap Map { get; init; }

    public int BaudRate { get; init; } = 9600;

    public SerialParity Parity { get; init; } = SerialParity.None;

    /// <summary>Modbus slave address, 1..247 (Eastron and ABB leave the factory at 1).</summary>
    public int Address { get; init; } = 1;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one request waits for its answer (an SDM120 at 2400 baud takes ~60 ms to answer 16 registers).</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>No complete reading for this long is a link down, like the ESP32 link's silence timeout.</summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A reading older than this is reported stale, never as a current value.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(5);

    public SerialDriver Driver { get; init; } = SerialDriver.Auto;

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    public double RandomFactor { get; init; } = 0.2;

    public TimeSpan ResetBackoffAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The factory line settings of a model (the datasheets' defaults): SDM120 2400 8N1, SDM630 9600 8N1, ABB B23 19200 8E1.</summary>
    public static (int BaudRate, SerialParity Parity) FactoryLine(MeterModel model) => model switch
    {
        MeterModel.Sdm120 => (2400, SerialParity.None),
        MeterModel.Sdm630 => (9600, SerialParity.None),
        MeterModel.AbbB23 => (19200, SerialParity.Even),
        _ => (9600, SerialParity.None),
    };

    /// <summary>Throws with the key (under <paramref name="key"/>, e.g. <c>chargers[0].meter</c>) of the first invalid setting.</summary>
    public void Validate(string key = "meter")
    {
        if (string.IsNullOrWhiteSpace(PortPath) || !Path.IsPathRooted(PortPath))
            throw new ArgumentException($"{key}.port must be an absolute device path such as /dev/ttyUSB1, got '{PortPath}'.");
        if (!BaudRates.TryGetSpeedConstant(BaudRate, out _))
            throw new ArgumentException($"{key}.baud-rate {BaudRate} is not supported; use one of {string.Join(", ", BaudRates.Supported)}.");
        if (!Enum.IsDefined(Parity)) throw new ArgumentException($"{key}.parity must be none, even or odd.");
        if (Address is < 1 or > 247) throw new ArgumentException($"{key}.address must be a Modbus slave address 1..247, got {Address}.");
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentException($"{key}.poll-interval must be positive, got {PollInterval}.");
        if (ResponseTimeout <= TimeSpan.Zero) throw new ArgumentException($"{key}.response-timeout must be positive, got {ResponseTimeout}.");
        if (SilenceTimeout <= PollInterval || SilenceTimeout <= ResponseTimeout)
            throw new ArgumentException($"{key}.silence-timeout ({SilenceTimeout}) must be longer than {key}.poll-interval ({PollInterval}) and {key}.response-timeout ({ResponseTimeout}).");
        if (StaleAfter < PollInterval) throw new ArgumentException($"{key}.stale-after ({StaleAfter}) must not be below {key}.poll-interval ({PollInterval}).");
        if (MinBackoff <= TimeSpan.Zero || MaxBackoff < MinBackoff) throw new ArgumentException($"{key}: the link's backoff must be positive and max >= min.");
        Map.Validate($"{key}.registers");
    }

    public SerialPortSettings PortSettings(string path) => new() { Path = path, BaudRate = BaudRate, Parity = Parity };
}
