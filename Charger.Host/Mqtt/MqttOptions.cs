using Charger.Host.Configuration;
using Charger.Host.Configuration.Settings;

namespace Charger.Host.Mqtt;

/// <summary>The <c>mqtt { }</c> section checked: the broker, the credentials (never logged), the topics.</summary>
public sealed record MqttOptions
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    public bool Tls { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public string ClientId { get; init; } = "charger";

    public string BaseTopic { get; init; } = "charger";

    public bool Discovery { get; init; } = true;

    public string DiscoveryPrefix { get; init; } = "homeassistant";

    public bool Commands { get; init; }

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The broker as logs and /api show it: scheme, host and port, never the credentials.</summary>
    public string DisplayUrl => $"{(Tls ? "mqtts" : "mqtt")}://{Host}:{Port}";

    /// <summary>Null when <c>mqtt.url</c> is empty (MQTT off).</summary>
    public static MqttOptions? From(MqttSettings s)
    {
        if (string.IsNullOrWhiteSpace(s.Url)) return null;
        if (!Uri.TryCreate(s.Url, UriKind.Absolute, out var url) || url.Scheme is not ("mqtt" or "mqtts") || string.IsNullOrEmpty(url.Host))
            throw new ConfigurationException("mqtt.url", "mqtt.url must be mqtt://host[:port] or mqtts://host[:port] (quoted), e.g. \"mqtt://192.168.1.10:1883\".");
        if (!string.IsNullOrEmpty(url.UserInfo))
            throw new ConfigurationException("mqtt.url", "mqtt.url must not carry credentials: set mqtt.username and mqtt.password.");
        if (string.IsNullOrWhiteSpace(s.BaseTopic) || s.BaseTopic.IndexOfAny(['#', '+']) >= 0 || s.BaseTopic.StartsWith('/') || s.BaseTopic.EndsWith('/'))
            throw new ConfigurationException("mqtt.base-topic", $"mqtt.base-topic must be a topic without wildcards or a leading/trailing '/', got '{s.BaseTopic}'.");
        if (string.IsNullOrWhiteSpace(s.DiscoveryPrefix) || s.DiscoveryPrefix.IndexOfAny(['#', '+']) >= 0)
            throw new ConfigurationException("mqtt.discovery-prefix", $"mqtt.discovery-prefix must be a topic without wildcards, got '{s.DiscoveryPrefix}'.");
        if (string.IsNullOrWhiteSpace(s.ClientId) || s.ClientId.Length > 64)
            throw new ConfigurationException("mqtt.client-id", "mqtt.client-id must be 1..64 characters.");
        if (s.KeepAlive < TimeSpan.FromSeconds(1) || s.KeepAlive > TimeSpan.FromHours(18))
            throw new ConfigurationException("mqtt.keep-alive", "mqtt.keep-alive must be 1s..18h.");
        if (s.MinBackoff <= TimeSpan.Zero || s.MaxBackoff < s.MinBackoff)
            throw new ConfigurationException("mqtt.min-backoff", "mqtt.min-backoff must be positive and at most mqtt.max-backoff.");
        var tls = url.Scheme == "mqtts";
        return new MqttOptions
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port <= 0 ? (tls ? 8883 : 1883) : url.Port,
            Tls = tls,
            Username = string.IsNullOrEmpty(s.Username) ? null : s.Username,
            Password = string.IsNullOrEmpty(s.Password) ? null : s.Password,
            ClientId = s.ClientId,
            BaseTopic = s.BaseTopic,
            Discovery = s.Discovery,
            DiscoveryPrefix = s.DiscoveryPrefix,
            Commands = s.Commands,
            KeepAlive = s.KeepAlive,
            MinBackoff = s.MinBackoff,
            MaxBackoff = s.MaxBackoff,
        };
    }
}
