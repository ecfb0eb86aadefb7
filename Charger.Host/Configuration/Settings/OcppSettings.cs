using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration.Settings;

/// <summary>
/// The <c>ocpp</c> section: a central system (CSMS) every charger connects to over OCPP 1.6J. Unset <c>url</c>: OCPP
/// is off and the daemon behaves as without it.
/// </summary>
public sealed class OcppSettings
{
    /// <summary>ws:// or wss:// endpoint; the charge point id is appended as the last path segment.</summary>
    public string? Url { get; set; }

    /// <summary>The first charger's id at the central system (default: its own id); other chargers use their ids.</summary>
    [ConfigurationKeyName("charge-point-id")]
    public string? ChargePointId { get; set; }

    /// <summary>Basic auth password (security profiles 1 and 2). Never logged; better set in the environment.</summary>
    [ConfigurationKeyName("authorization-key")]
    public string? AuthorizationKey { get; set; }

    [ConfigurationKeyName("min-backoff")]
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);

    [ConfigurationKeyName("max-backoff")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    [ConfigurationKeyName("call-timeout")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [ConfigurationKeyName("heartbeat-interval")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromHours(1);

    [ConfigurationKeyName("websocket-ping-interval")]
    public TimeSpan WebSocketPingInterval { get; set; } = TimeSpan.FromSeconds(30);

    [ConfigurationKeyName("boot-retry-interval")]
    public TimeSpan BootRetryInterval { get; set; } = TimeSpan.FromSeconds(60);

    [ConfigurationKeyName("transaction-message-attempts")]
    public int TransactionMessageAttempts { get; set; } = 3;

    [ConfigurationKeyName("transaction-message-retry-interval")]
    public TimeSpan TransactionMessageRetryInterval { get; set; } = TimeSpan.FromSeconds(60);

    [ConfigurationKeyName("meter-value-sample-interval")]
    public TimeSpan MeterValueSampleInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>ClockAlignedDataInterval's default: MeterValues at each multiple of it since midnight UTC; zero (OCPP's default) turns it off.</summary>
    [ConfigurationKeyName("clock-aligned-data-interval")]
    public TimeSpan ClockAlignedDataInterval { get; set; } = TimeSpan.Zero;

    /// <summary>LocalAuthorizeOffline's default: offline, an idTag Accepted in the authorization cache may start a charge.</summary>
    [ConfigurationKeyName("local-authorize-offline")]
    public bool LocalAuthorizeOffline { get; set; } = true;

    /// <summary>LocalPreAuthorize's default: online, a cached Accepted idTag starts without waiting for Authorize.conf.</summary>
    [ConfigurationKeyName("local-pre-authorize")]
    public bool LocalPreAuthorize { get; set; }

    /// <summary>AuthorizationCacheEnabled's default.</summary>
    [ConfigurationKeyName("authorization-cache-enabled")]
    public bool AuthorizationCacheEnabled { get; set; } = true;

    /// <summary>How long an API start waits for Authorize.conf before it is decided from the cache as offline.</summary>
    [ConfigurationKeyName("authorize-timeout")]
    public TimeSpan AuthorizeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
