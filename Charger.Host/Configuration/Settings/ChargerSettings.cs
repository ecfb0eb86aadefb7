using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration.Settings;

public sealed class ChargerSettings
{
    public string Id { get; set; } = "cp-1";

    public SerialSettings Serial { get; set; } = new();

    /// <summary>The charger's energy meter on RS-485 Modbus RTU; absent means no meter.</summary>
    public MeterSettings? Meter { get; set; }
}

/// <summary><c>chargers[].meter</c>: see hocon/charger.conf and deploy/README.md "Energy meter".</summary>
public sealed class MeterSettings
{
    public string? Port { get; set; }

    /// <summary>sdm120, sdm630, abb-b23 or custom.</summary>
    public string? Model { get; set; }

    /// <summary>Unset: the model's factory setting (SDM120 2400, SDM630 9600, ABB B23 19200).</summary>
    [ConfigurationKeyName("baud-rate")]
    public int? BaudRate { get; set; }

    /// <summary>none, even or odd; unset: the model's factory setting.</summary>
    public string? Parity { get; set; }

    public int Address { get; set; } = 1;

    [ConfigurationKeyName("poll-interval")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [ConfigurationKeyName("response-timeout")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    [ConfigurationKeyName("silence-timeout")]
    public TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(5);

    [ConfigurationKeyName("stale-after")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>model = custom: the register map. Registers 0-based as on the wire.</summary>
    public List<MeterRegisterSettings> Registers { get; set; } = [];

    /// <summary>model = custom: unused registers that may be read between two values (0 unless the meter answers reserved ones).</summary>
    [ConfigurationKeyName("max-gap")]
    public int MaxGap { get; set; }
}

/// <summary>One register of a custom map: <c>{ quantity = energy-import, address = 72, function = input, type = float32, scale = 1000 }</c>.</summary>
public sealed class MeterRegisterSettings
{
    /// <summary>energy-import, power, power-l1..3, current-l1..3, voltage-l1..3.</summary>
    public string? Quantity { get; set; }

    public int? Address { get; set; }

    /// <summary>input (FC 04) or holding (FC 03).</summary>
    public string Function { get; set; } = "input";

    /// <summary>float32, uint16, int16, uint32, int32 or uint64.</summary>
    public string Type { get; set; } = "float32";

    /// <summary>Multiplies the raw value into Wh, W, A or V.</summary>
    public double Scale { get; set; } = 1;
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
