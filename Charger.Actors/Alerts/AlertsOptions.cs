namespace Charger.Actors.Alerts;

/// <summary>The <c>alerts { }</c> section as the actors take it: each rule's hold, hysteresis and severity, and the thresholds.</summary>
public sealed record AlertsOptions
{
    /// <summary>How often each rule family looks (and so the resolution of every hold and hysteresis).</summary>
    public TimeSpan EvaluateEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Resolved alerts kept in the history (newest first in /api/alerts), across restarts.</summary>
    public int HistorySize { get; init; } = 200;

    public IReadOnlyDictionary<string, AlertRuleOptions> Rules { get; init; } = Defaults;


    /// <summary>disk-low: free space on the data directory's file system under this share...</summary>
    public double DiskMinFreePercent { get; init; } = 10;

    /// <summary>...or under this many bytes.</summary>
    public long DiskMinFreeBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>memory-high: the process's resident set (VmRSS) over this.</summary>
    public long RssLimitBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>cpu-hot: the hottest Linux thermal zone over this.</summary>
    public double CpuMaxCelsius { get; init; } = 80;

    /// <summary>Where cpu-hot reads the Linux thermal zones.</summary>
    public string ThermalRoot { get; init; } = global::Charger.Actors.Alerts.Rules.LinuxHostReadings.ThermalRoot;

    public static readonly IReadOnlyDictionary<string, AlertRuleOptions> Defaults = new Dictionary<string, AlertRuleOptions>
    {
        [AlertRule.LinkDown] = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), AlertSeverity.Critical),
        [AlertRule.StatusStale] = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), AlertSeverity.Warning),
        [AlertRule.ChargerFault] = new(TimeSpan.Zero, TimeSpan.FromSeconds(10), AlertSeverity.Critical),
        // A central system restart or a reconnect backoff (up to 5 min) is not worth a page.
        [AlertRule.OcppDown] = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), AlertSeverity.Warning),
        [AlertRule.SubscriberQuarantined] = new(TimeSpan.Zero, TimeSpan.Zero, AlertSeverity.Warning),
        [AlertRule.JournalFailing] = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), AlertSeverity.Critical),
        [AlertRule.DiskLow] = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), AlertSeverity.Warning),
        [AlertRule.MemoryHigh] = new(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), AlertSeverity.Warning),
        [AlertRule.CpuHot] = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), AlertSeverity.Warning),
        [AlertRule.ClockUnsynchronised] = new(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1), AlertSeverity.Warning),
    };

    public AlertRuleOptions Rule(string rule) => Rules.TryGetValue(rule, out var options) ? options : Defaults[rule];

    public void Validate()
    {
        if (EvaluateEvery <= TimeSpan.Zero) throw new ArgumentException($"alerts.evaluate-every must be positive, got {EvaluateEvery}.");
        if (HistorySize < 1) throw new ArgumentException($"alerts.history-size must be at least 1, got {HistorySize}.");
        foreach (var (rule, options) in Rules)
        {
            if (!AlertRule.All.Contains(rule)) throw new ArgumentException($"alerts.{rule}: no such rule (rules: {string.Join(", ", AlertRule.All)}).");
            options.Validate($"alerts.{rule}");
        }
        if (DiskMinFreePercent is < 0 or > 100) throw new ArgumentException($"alerts.disk-low.min-free-percent must be 0..100, got {DiskMinFreePercent}.");
        if (DiskMinFreeBytes < 0) throw new ArgumentException($"alerts.disk-low.min-free must be 0 or more, got {DiskMinFreeBytes}.");
        if (RssLimitBytes < 1024 * 1024) throw new ArgumentException($"alerts.memory-high.rss-limit must be at least 1MiB, got {RssLimitBytes}.");
        if (CpuMaxCelsius is < 20 or > 150) throw new ArgumentException($"alerts.cpu-hot.max-celsius must be 20..150, got {CpuMaxCelsius}.");
    }
}
