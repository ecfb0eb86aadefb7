using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration.Settings;

public sealed class ChargerSettings
{
    public string Id { get; set; } = "cp-1";

    public SerialSettings Serial { get; set; } = new();
}

public sealed class SerialSettings
{
    /// <summary>The ESP32's device; unset means discovery (/dev/serial/by-id, then ttyUSB*, then ttyACM*).</summary>
    public string? Port { get; set; }

    [ConfigurationKeyName("baud-rate")]
    public int BaudRate { get; set; } = 115200;
}

public sealed class LinkSettings
{
    [ConfigurationKeyName("poll-interval")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [ConfigurationKeyName("silence-timeout")]
    public TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(5);

    [ConfigurationKeyName("min-backoff")]
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    [ConfigurationKeyName("max-backoff")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    [ConfigurationKeyName("random-factor")]
    public double RandomFactor { get; set; } = 0.2;

    [ConfigurationKeyName("reset-backoff-after")]
    public TimeSpan ResetBackoffAfter { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class StatusSettings
{
    [ConfigurationKeyName("stale-after")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>report-only</c> or <c>clear-with-stop</c> (ESP32-FIRMWARE.md 2.5).</summary>
    [ConfigurationKeyName("leftover-authorization")]
    public string LeftoverAuthorization { get; set; } = "report-only";
}

public sealed class CommandSettings
{
    [ConfigurationKeyName("ack-timeout")]
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromMilliseconds(1500);

    [ConfigurationKeyName("stop-confirm-timeout")]
    public TimeSpan StopConfirmTimeout { get; set; } = TimeSpan.FromSeconds(3);

    [ConfigurationKeyName("fresh-within")]
    public TimeSpan FreshWithin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a start may wait for the session journal to record it before AUTH (the write-ahead).</summary>
    [ConfigurationKeyName("journal-timeout")]
    public TimeSpan JournalTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
