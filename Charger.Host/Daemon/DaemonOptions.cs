using Charger.Actors.Charging;
using Charger.Actors.Serial;
using Charger.Actors.Sessions;
using Charger.Actors.Subscribers;
using Charger.Host.Configuration;
using Charger.Host.Configuration.Settings;

namespace Charger.Host.Daemon;

/// <summary>
/// The settings turned into what the daemon runs with: validated, with paths made absolute and the
/// actors' option records built. Every failure is a <see cref="ConfigurationException"/> naming the key.
/// </summary>
public sealed record DaemonOptions
{
    public required HostSettings Settings { get; init; }

    public required string DataDirectory { get; init; }

    public required IReadOnlyList<ChargerOptions> Chargers { get; init; }

    public required SubscriberOptions SubscriberOptions { get; init; }

    public required SubscriberBudget SubscriberBudget { get; init; }

    public required IReadOnlyList<(string Name, WebhookOptions Options)> Webhooks { get; init; }

    public PersistenceProvider Persistence { get; init; } = PersistenceProvider.Sqlite;

    /// <summary>With <see cref="PersistenceProvider.Postgres"/>: the server to use.</summary>
    public string? PostgresConnectionString { get; init; }

    public SessionActorOptions Sessions { get; init; } = new();

    /// <summary>Sessions that ended longer ago than this are deleted; null keeps everything.</summary>
    public TimeSpan? SessionRetention { get; init; }

    /// <summary>Where to push metrics over OTLP/HTTP (the full <c>/v1/metrics</c> URL), or null for none.</summary>
    public Uri? OtlpMetricsEndpoint { get; init; }

    /// <summary>With <c>cluster.enabled = on</c>: this node's part of the site cluster; null for the single-host daemon.</summary>
    public Charger.Host.Cluster.SiteClusterOptions? Cluster { get; init; }

    /// <summary>The configuration file's <c>akka { }</c> section (log level, dispatchers...), handed to the ActorSystem as it is.</summary>
    public global::Akka.Configuration.Config Akka { get; init; } = global::Akka.Configuration.Config.Empty;

    /// <param name="simulatorPort">With <c>--simulate</c>: the simulator's device, which replaces the first charger's port.</param>
    public static DaemonOptions From(HostSettings settings, string? simulatorPort = null)
    {
        var dataDir = Path.GetFullPath(string.IsNullOrWhiteSpace(settings.DataDir)
            ? throw new ConfigurationException("data-dir", "data-dir must not be empty.")
            : settings.DataDir);

        var link = settings.Link;
        var driver = settings.Serial.Driver.ToLowerInvariant() switch
        {
            "auto" => SerialDriver.Auto,
            "system-io-ports" => SerialDriver.SystemIoPorts,
            "termios" => SerialDriver.Termios,
            var other => throw new ConfigurationException("serial.driver",
                $"serial.driver must be auto, system-io-ports or termios, got '{other}'."),
        };
        var chargerSettings = settings.Chargers.Count > 0 ? settings.Chargers : [new ChargerSettings()];
        var chargers = chargerSettings.Select((c, i) =>
        {
            var port = i == 0 && simulatorPort is not null ? simulatorPort : c.Serial.Port;
            var options = new ChargerOptions
            {
                Id = c.Id,
                Link = new SerialLinkOptions
                {
                    PortPath = string.IsNullOrWhiteSpace(port) ? null : port,
                    BaudRate = c.Serial.BaudRate,
                    Driver = driver,
                    PollInterval = link.PollInterval,
                    SilenceTimeout = link.SilenceTimeout,
                    MinBackoff = link.MinBackoff,
                    MaxBackoff = link.MaxBackoff,
                    RandomFactor = link.RandomFactor,
                    ResetBackoffAfter = link.ResetBackoffAfter,
                },
                Tracker = new StateTrackerOptions
                {
                    StaleAfter = settings.Status.StaleAfter,
                    LeftoverAuthorization = settings.Status.LeftoverAuthorization.ToLowerInvariant() switch
                    {
                        "report-only" => LeftoverAuthorizationPolicy.ReportOnly,
                        "clear-with-stop" => LeftoverAuthorizationPolicy.ClearWithStop,
                        var other => throw new ConfigurationException("status.leftover-authorization",
                            $"status.leftover-authorization must be report-only or clear-with-stop, got '{other}'."),
                    },
                },
                Commands = new CommandOptions
                {
                    AckTimeout = settings.Commands.AckTimeout,
                    StopConfirmTimeout = settings.Commands.StopConfirmTimeout,
                    FreshWithin = settings.Commands.FreshWithin,
                    JournalTimeout = settings.Commands.JournalTimeout,
                },
            };
            Check($"chargers[{i}]", options.Validate);
            return options;
        }).ToList();

        var s = settings.Subscribers;
        var subscriberOptions = new SubscriberOptions
        {
            MailboxCapacity = s.MailboxCapacity,
            MaxRetries = s.MaxRetries,
            RetryDelay = s.RetryDelay,
            MaxRetryDelay = s.MaxRetryDelay,
            AttemptTimeout = s.AttemptTimeout,
        };
        Check("subscribers", () => subscriberOptions.Validate("subscribers"));
        var budget = new SubscriberBudget { MaxRestarts = s.MaxRestarts, Window = s.RestartWindow };
        Check("subscribers", budget.Validate);

        var webhooks = s.Webhooks.Select((w, i) =>
        {
            var key = $"subscribers.webhooks[{i}]";
            if (!Uri.TryCreate(w.Url, UriKind.Absolute, out var url))
                throw new ConfigurationException($"{key}.url", $"{key}.url must be an absolute http or https URL.");
            var name = string.IsNullOrWhiteSpace(w.Name) ? $"webhook-{i + 1}" : w.Name;
            var options = new WebhookOptions { Url = url, Secret = string.IsNullOrEmpty(w.Secret) ? null : w.Secret, Timeout = w.Timeout };
            Check(key, () => options.Validate(key));
            return (name, options);
        }).ToList();

        if (settings.Events.ReplayWindow < 1)
            throw new ConfigurationException("events.replay-window", $"events.replay-window must be at least 1, got {settings.Events.ReplayWindow}.");
        if (settings.Http.MaxBodyBytes < 1024)
            throw new ConfigurationException("http.max-body-bytes", $"http.max-body-bytes must be at least 1KiB, got {settings.Http.MaxBodyBytes}.");
        if (settings.Http.RateLimit.ControlPerMinute < 1)
            throw new ConfigurationException("http.rate-limit.control-per-minute", "http.rate-limit.control-per-minute must be at least 1.");
        if (settings.Http.RateLimit.ReadPerMinute < 1)
            throw new ConfigurationException("http.rate-limit.read-per-minute", "http.rate-limit.read-per-minute must be at least 1.");
        if (!Uri.TryCreate(settings.Http.Url, UriKind.Absolute, out var http) || http.Scheme is not ("http" or "https"))
            throw new ConfigurationException("http.url", $"http.url must be an absolute http URL like http://127.0.0.1:8000, got '{settings.Http.Url}'.");
        if (settings.Logging.File.SizeLimit < 1024)
            throw new ConfigurationException("logging.file.size-limit", "logging.file.size-limit must be at least 1KiB.");
        if (settings.Logging.File.RetainedFiles < 1)
            throw new ConfigurationException("logging.file.retained-files", "logging.file.retained-files must be at least 1.");
        if (!Enum.TryParse<Serilog.Events.LogEventLevel>(settings.Logging.Level, ignoreCase: true, out _))
            throw new ConfigurationException("logging.level", $"logging.level must be Verbose, Debug, Information, Warning, Error or Fatal, got '{settings.Logging.Level}'.");

        var otlp = OtlpMetricsUrl(settings.Metrics.Otlp.Endpoint);

        var provider = settings.Persistence.Provider.ToLowerInvariant() switch
        {
            "sqlite" => PersistenceProvider.Sqlite,
            "postgres" => PersistenceProvider.Postgres,
            "memory" => PersistenceProvider.Memory,
            var other => throw new ConfigurationException("persistence.provider",
                $"persistence.provider must be sqlite, postgres or memory, got '{other}'."),
        };
        var postgres = settings.Persistence.Postgres.ConnectionString;
        if (provider == PersistenceProvider.Postgres && string.IsNullOrWhiteSpace(postgres))
            throw new ConfigurationException("persistence.postgres.connection-string",
                "persistence.postgres.connection-string is required with persistence.provider = postgres (or set CHARGER_POSTGRES).");
        if (settings.Sessions.SnapshotEvery < 1)
            throw new ConfigurationException("sessions.snapshot-every", $"sessions.snapshot-every must be at least 1, got {settings.Sessions.SnapshotEvery}.");
        TimeSpan? retention = settings.Sessions.Retention.Trim().ToLowerInvariant() switch
        {
            "off" or "no" or "false" => null,
            var text when HoconDuration.TryParse(text, out var d) && d > TimeSpan.Zero => d,
            var text => throw new ConfigurationException("sessions.retention",
                $"sessions.retention must be off or a positive duration like 365d, got '{text}'."),
        };

        var options = new DaemonOptions
        {
            Settings = settings,
            DataDirectory = dataDir,
            Chargers = chargers,
            SubscriberOptions = subscriberOptions,
            SubscriberBudget = budget,
            Webhooks = webhooks,
            Persistence = provider,
            PostgresConnectionString = provider == PersistenceProvider.Postgres ? postgres : null,
            Sessions = new SessionActorOptions { SnapshotEvery = settings.Sessions.SnapshotEvery },
            SessionRetention = retention,
            OtlpMetricsEndpoint = otlp,
            Cluster = Charger.Host.Cluster.SiteClusterOptions.From(settings.Cluster, provider),
        };
        Check("chargers", () => new Actors.Station.StationOptions { Chargers = chargers }.Validate());
        return options;
    }

    /// <summary>The collector's base URL with OTLP/HTTP's metrics path appended (the exporter uses a configured URL as it is).</summary>
    private static Uri? OtlpMetricsUrl(string? endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint)) return null;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query))
            throw new ConfigurationException("metrics.otlp.endpoint",
                $"metrics.otlp.endpoint must be an absolute http or https URL like http://collector:4318, got '{endpoint}'.");
        var path = uri.AbsolutePath.TrimEnd('/');
        return path.EndsWith("/v1/metrics", StringComparison.Ordinal)
            ? uri
            : new UriBuilder(uri) { Path = path + "/v1/metrics" }.Uri;
    }

    // The actors' records validate themselves with messages that name the key; keep those messages.
    private static void Check(string key, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(key, e.Message, e);
        }
    }
}
