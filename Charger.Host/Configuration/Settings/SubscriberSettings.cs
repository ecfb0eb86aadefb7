using Microsoft.Extensions.Configuration;

namespace Charger.Host.Configuration.Settings;

public sealed class SubscriberSettings
{
    /// <summary>Write every charger event to the log.</summary>
    public bool Log { get; set; } = true;

    [ConfigurationKeyName("mailbox-capacity")]
    public int MailboxCapacity { get; set; } = 1000;

    [ConfigurationKeyName("max-retries")]
    public int MaxRetries { get; set; } = 3;

    [ConfigurationKeyName("retry-delay")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [ConfigurationKeyName("max-retry-delay")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [ConfigurationKeyName("attempt-timeout")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [ConfigurationKeyName("max-restarts")]
    public int MaxRestarts { get; set; } = 3;

    [ConfigurationKeyName("restart-window")]
    public TimeSpan RestartWindow { get; set; } = TimeSpan.FromMinutes(1);

    public List<WebhookSettings> Webhooks { get; set; } = [];
}

public sealed class WebhookSettings
{
    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    /// <summary>HMAC-SHA256 key for the <c>X-Charger-Signature</c> header; unset sends no signature.</summary>
    public string? Secret { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class EventSettings
{
    /// <summary>Events kept for SSE clients resuming with Last-Event-ID.</summary>
    [ConfigurationKeyName("replay-window")]
    public int ReplayWindow { get; set; } = 1000;
}

public sealed class LoggingSettings
{
    /// <summary>Verbose, Debug, Information, Warning, Error or Fatal.</summary>
    public string Level { get; set; } = "Information";

    public LogFileSettings File { get; set; } = new();
}

public sealed class LogFileSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>Relative to data-dir unless absolute; rolled by size.</summary>
    public string Path { get; set; } = "logs/charger.json";

    [ConfigurationKeyName("size-limit")]
    public long SizeLimit { get; set; } = 10 * 1024 * 1024;

    [ConfigurationKeyName("retained-files")]
    public int RetainedFiles { get; set; } = 5;
}
