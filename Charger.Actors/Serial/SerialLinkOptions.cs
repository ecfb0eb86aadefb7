namespace Charger.Actors.Serial;

/// <summary>How the runtime keeps its link to one ESP32. Defaults are the ones the design names.</summary>
public sealed record SerialLinkOptions
{
    /// <summary>The device; null means discovery (/dev/serial/by-id, then /dev/ttyUSB*, then /dev/ttyACM*).</summary>
    public string? PortPath { get; init; }

    /// <summary>Where discovery looks (tests point it at a temporary folder).</summary>
    public string DeviceDirectory { get; init; } = SerialPortDiscovery.DefaultDeviceDirectory;

    public int BaudRate { get; init; } = 115200;

    /// <summary>Which driver opens the port (<c>serial.driver</c>); <see cref="SerialDriver.Auto"/> resolves through <see cref="SerialPorts.Resolve"/>.</summary>
    public SerialDriver Driver { get; init; } = SerialDriver.Auto;

    /// <summary>How often status is requested: the firmware pushes only every 7.5 s, we want it fresh to about 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>No frame for this long means the link is dead even if the port looks open (EVerest's keep-alive is 5 s).</summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    public double RandomFactor { get; init; } = 0.2;

    /// <summary>The backoff starts again from <see cref="MinBackoff"/> once the link has stayed up this long.</summary>
    public TimeSpan ResetBackoffAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Command 3 (cable lock/unlock) can be sent only when this is set deliberately.</summary>
    public bool AllowCableLockCommands { get; init; }

    public int FlightRecorderBytes { get; init; } = 64 * 1024;

    /// <summary>Throws with the name of the first invalid setting.</summary>
    public void Validate()
    {
        if (PortPath is { Length: 0 }) throw new ArgumentException("link.port must not be empty (leave it unset for discovery).");
        if (BaudRate <= 0) throw new ArgumentException($"link.baud-rate must be positive, got {BaudRate}.");
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentException($"link.poll-interval must be positive, got {PollInterval}.");
        if (SilenceTimeout <= PollInterval)
            throw new ArgumentException($"link.silence-timeout ({SilenceTimeout}) must be longer than link.poll-interval ({PollInterval}).");
        if (MinBackoff <= TimeSpan.Zero) throw new ArgumentException($"link.min-backoff must be positive, got {MinBackoff}.");
        if (MaxBackoff < MinBackoff) throw new ArgumentException($"link.max-backoff ({MaxBackoff}) must not be below link.min-backoff ({MinBackoff}).");
        if (RandomFactor is < 0 or > 1) throw new ArgumentException($"link.random-factor must be within 0..1, got {RandomFactor}.");
        if (ResetBackoffAfter <= TimeSpan.Zero) throw new ArgumentException($"link.reset-backoff-after must be positive, got {ResetBackoffAfter}.");
        if (FlightRecorderBytes < 1024) throw new ArgumentException($"link.flight-recorder-bytes must be at least 1024, got {FlightRecorderBytes}.");
    }
}
