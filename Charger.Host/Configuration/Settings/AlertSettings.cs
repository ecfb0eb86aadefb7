using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration.Settings;

/// <summary>The <c>alerts { }</c> section: each rule's hold, hysteresis (<c>resolve-after</c>), severity and threshold.</summary>
public sealed class AlertSettings
{
    [ConfigurationKeyName("evaluate-every")]
    public TimeSpan EvaluateEvery { get; set; } = TimeSpan.FromSeconds(1);

    [ConfigurationKeyName("history-size")]
    public int HistorySize { get; set; } = 200;

    [ConfigurationKeyName("link-down")]
    public AlertRuleSettings LinkDown { get; set; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), "critical");

    [ConfigurationKeyName("status-stale")]
    public AlertRuleSettings StatusStale { get; set; } = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), "warning");

    [ConfigurationKeyName("charger-fault")]
    public AlertRuleSettings ChargerFault { get; set; } = new(TimeSpan.Zero, TimeSpan.FromSeconds(10), "critical");

    [ConfigurationKeyName("ocpp-down")]
    public AlertRuleSettings OcppDown { get; set; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), "warning");

    [ConfigurationKeyName("subscriber-quarantined")]
    public AlertRuleSettings SubscriberQuarantined { get; set; } = new(TimeSpan.Zero, TimeSpan.Zero, "warning");

    [ConfigurationKeyName("journal-failing")]
    public AlertRuleSettings JournalFailing { get; set; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), "critical");

    [ConfigurationKeyName("disk-low")]
    public DiskAlertSettings DiskLow { get; set; } = new();

    [ConfigurationKeyName("memory-high")]
    public MemoryAlertSettings MemoryHigh { get; set; } = new();

    [ConfigurationKeyName("cpu-hot")]
    public CpuAlertSettings CpuHot { get; set; } = new();

    [ConfigurationKeyName("clock-unsynchronised")]
    public AlertRuleSettings ClockUnsynchronised { get; set; } = new(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1), "warning");
}

public class AlertRuleSettings
{
    public AlertRuleSettings()
    {
    }

    public AlertRuleSettings(TimeSpan hold, TimeSpan resolveAfter, string severity)
    {
        Hold = hold;
        ResolveAfter = resolveAfter;
        Severity = severity;
    }

    public bool Enabled { get; set; } = true;

    /// <summary>How long the condition must hold before the alert fires.</summary>
    public TimeSpan Hold { get; set; }

    /// <summary>How long the condition must be gone before the alert resolves (hysteresis).</summary>
    [ConfigurationKeyName("resolve-after")]
    public TimeSpan ResolveAfter { get; set; }

    /// <summary>info, warning or critical.</summary>
    public string Severity { get; set; } = "warning";
}

public sealed class DiskAlertSettings : AlertRuleSettings
{
    public DiskAlertSettings() : base(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), "warning")
    {
    }

    [ConfigurationKeyName("min-free-percent")]
    public double MinFreePercent { get; set; } = 10;

    [ConfigurationKeyName("min-free")]
    public long MinFree { get; set; } = 500L * 1024 * 1024;
}

public sealed class MemoryAlertSettings : AlertRuleSettings
{
    public MemoryAlertSettings() : base(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), "warning")
    {
    }

    [ConfigurationKeyName("rss-limit")]
    public long RssLimit { get; set; } = 512L * 1024 * 1024;
}

public sealed class CpuAlertSettings : AlertRuleSettings
{
    public CpuAlertSettings() : base(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), "warning")
    {
    }

    [ConfigurationKeyName("max-celsius")]
    public double MaxCelsius { get; set; } = 80;

    /// <summary>Where the Linux thermal zones are (thermal_zone*/temp in millidegrees).</summary>
    [ConfigurationKeyName("thermal-root")]
    public string ThermalRoot { get; set; } = "/sys/class/thermal";
}
