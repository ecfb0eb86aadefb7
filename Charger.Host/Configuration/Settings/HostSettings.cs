using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration.Settings;

/// <summary>
/// The shape of <c>charger.conf</c>, as the configuration binder fills it: every setting with its
/// default. Keys are the HOCON names (<c>data-dir</c>); the classes in this folder are one per
/// section. <see cref="HostSettingsLoader"/> binds and validates them; the daemon turns them into
/// the actors' option records.
/// </summary>
public sealed class HostSettings
{
    /// <summary>Where sessions, station info and logs live. Relative paths are relative to the working directory.</summary>
    [ConfigurationKeyName("data-dir")]
    public string DataDir { get; set; } = "data";

    public HttpSettings Http { get; set; } = new();

    public SecuritySettings Security { get; set; } = new();

    /// <summary>The chargers on this host; empty means one charger <c>cp-1</c> on a discovered port.</summary>
    public List<ChargerSettings> Chargers { get; set; } = [];

    public LinkSettings Link { get; set; } = new();

    /// <summary>Which serial driver opens the chargers' ports (<c>serial.driver</c>).</summary>
    public SerialDriverSettings Serial { get; set; } = new();

    public StatusSettings Status { get; set; } = new();

    public CommandSettings Commands { get; set; } = new();

    public SubscriberSettings Subscribers { get; set; } = new();

    public EventSettings Events { get; set; } = new();

    public PersistenceSettings Persistence { get; set; } = new();

    public SessionSettings Sessions { get; set; } = new();

    public LoggingSettings Logging { get; set; } = new();

    public MetricsSettings Metrics { get; set; } = new();

    /// <summary>OCPP 1.6J to a central system; off unless <c>ocpp.url</c> is set.</summary>
    public OcppSettings Ocpp { get; set; } = new();

    public AlertSettings Alerts { get; set; } = new();

    public MqttSettings Mqtt { get; set; } = new();

    public ErrorSettings Errors { get; set; } = new();

    /// <summary>Several hosts of one site as one Akka.Cluster (issue 14); off by default.</summary>
    public ClusterSettings Cluster { get; set; } = new();

    /// <summary>What the chargers of the site share: its current budget (issue 14); none by default.</summary>
    public SiteSettings Site { get; set; } = new();
}
