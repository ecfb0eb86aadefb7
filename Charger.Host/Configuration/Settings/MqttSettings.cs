using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration.Settings;

/// <summary>The <c>mqtt { }</c> section: off while <see cref="Url"/> is empty.</summary>
public sealed class MqttSettings
{
    /// <summary>mqtt://host:1883 or mqtts://host:8883; empty: no MQTT.</summary>
    public string? Url { get; set; }

    public string? Username { get; set; }

    /// <summary>Never logged; better set as CHARGER__MQTT__PASSWORD in the environment file.</summary>
    public string? Password { get; set; }

    [ConfigurationKeyName("client-id")]
    public string ClientId { get; set; } = "charger";

    /// <summary>Every topic starts with this: {base-topic}/{charger}/state ...</summary>
    [ConfigurationKeyName("base-topic")]
    public string BaseTopic { get; set; } = "charger";

    /// <summary>Home Assistant MQTT discovery: on publishes the configs under discovery-prefix.</summary>
    public bool Discovery { get; set; } = true;

    [ConfigurationKeyName("discovery-prefix")]
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>on: start, stop and max current are taken from {base-topic}/{charger}/command/...; off by default.</summary>
    public bool Commands { get; set; }

    [ConfigurationKeyName("keep-alive")]
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reconnect backoff after the broker is lost.</summary>
    [ConfigurationKeyName("min-backoff")]
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);

    [ConfigurationKeyName("max-backoff")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The <c>errors { }</c> section: error tracking, off by default.</summary>
public sealed class ErrorSettings
{
    /// <summary>A Sentry DSN (https://key@host/project); empty: nothing is sent anywhere.</summary>
    [ConfigurationKeyName("sentry-dsn")]
    public string? SentryDsn { get; set; }

    /// <summary>Sentry's environment tag (e.g. production, test-bench).</summary>
    public string Environment { get; set; } = "production";
}
