using Charger.Actors.Charging;
using Charger.Actors.Metering;
using Charger.Actors.Metering.Modbus;
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

    /// <summary>OCPP per charger id; empty when <c>ocpp.url</c> is unset.</summary>
    public IReadOnlyDictionary<string, Actors.Ocpp.ChargePoint.OcppOptions> Ocpp { get; init; } = new Dictionary<string, Actors.Ocpp.ChargePoint.OcppOptions>();

    /// <summary>With <c>cluster.enabled = on</c>: this node's part of the site cluster; null for the single-host daemon.</summary>
    public Charger.Host.Cluster.SiteClusterOptions? Cluster { get; init; }

    /// <summary>The site's current budget (<c>site.max-current-a</c>), or null: none.</summary>
    public Actors.Budget.SiteBudgetOptions? SiteBudget { get; init; }

    /// <summary>The configuration file's <c>akka { }</c> section (log level, dispatchers...), handed to the ActorSystem as it is.</summary>
    public global::Akka.Configuration.Config Akka { get; init; } = global::Akka.Configuration.Config.Empty;

    /// <summary>The alert rules (<c>alerts { }</c>).</summary>
    public Actors.Alerts.AlertsOptions Alerts { get; init; } = new();

    /// <summary>MQTT with Home Assistant discovery, or null when <c>mqtt.url</c> is empty.</summary>
    public Mqtt.MqttOptions? Mqtt { get; init; }

    /// <summary>Where unhandled exceptions and actor crashes go (Sentry), or null: nowhere.</summary>
    public string? SentryDsn { get; init; }

    /// <param name="simulatorPort">With <c>--simulate</c>: the simulator's device, which replaces the first charger's port.</param>
    /// <param name="simulatorMeterPort">With <c>--simulate</c>: the simulated SDM630, the first charger's meter unless it has one configured.</param>
    public static DaemonOptions From(HostSettings settings, string? simulatorPort = null, string? simulatorMeterPort = null)
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
                Meter = c.Meter is { } meter ? MeterFrom(meter, $"chargers[{i}].meter", driver, link)
                    : i == 0 && simulatorMeterPort is not null ? new MeterOptions
                    {
                        PortPath = simulatorMeterPort, Model = MeterModel.Sdm630, Map = RegisterMap.Sdm630, Driver = driver,
                    }
                    : null,
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
            Ocpp = OcppFrom(settings.Ocpp, chargers),
            Alerts = AlertsFrom(settings.Alerts),
            Mqtt = Host.Mqtt.MqttOptions.From(settings.Mqtt),
            SentryDsn = SentryDsnFrom(settings.Errors.SentryDsn),
            Cluster = Charger.Host.Cluster.SiteClusterOptions.From(settings.Cluster, provider),
            SiteBudget = SiteBudgetFrom(settings.Site),
        };
        Check("chargers", () => new Actors.Station.StationOptions { Chargers = chargers }.Validate());
        return options;
    }

    private static Actors.Budget.SiteBudgetOptions? SiteBudgetFrom(SiteSettings site)
    {
        if (site.MaxCurrentA is not { } amps) return null;
        if (amps < Actors.Budget.SiteBudgetOptions.MinGrantAmps)
            throw new ConfigurationException("site.max-current-a",
                $"site.max-current-a must be at least {Actors.Budget.SiteBudgetOptions.MinGrantAmps} A (one charge at the lowest current), got {amps}.");
        return new Actors.Budget.SiteBudgetOptions { MaxCurrentAmps = amps };
    }

    private static Dictionary<string, Actors.Ocpp.ChargePoint.OcppOptions> OcppFrom(OcppSettings ocpp, IReadOnlyList<ChargerOptions> chargers)
    {
        var result = new Dictionary<string, Actors.Ocpp.ChargePoint.OcppOptions>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(ocpp.Url)) return result;
        if (!Uri.TryCreate(ocpp.Url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("ws" or "wss"))
            throw new ConfigurationException("ocpp.url", $"ocpp.url must be an absolute ws:// or wss:// URL like wss://csms.example/ocpp, got '{ocpp.Url}'.");
        // The URL is logged and shown in /api/chargers/{id}/ocpp: a password in it would leak there. Basic auth's
        // password is ocpp.authorization-key, which is never shown.
        if (!string.IsNullOrEmpty(endpoint.UserInfo))
            throw new ConfigurationException("ocpp.url",
                "ocpp.url must not carry a user or password (user:password@host): set the password as ocpp.authorization-key instead.");
        for (var i = 0; i < chargers.Count; i++)
        {
            var id = i == 0 && !string.IsNullOrWhiteSpace(ocpp.ChargePointId) ? ocpp.ChargePointId : chargers[i].Id;
            var options = new Actors.Ocpp.ChargePoint.OcppOptions
            {
                Endpoint = endpoint,
                ChargePointId = id,
                AuthorizationKey = string.IsNullOrEmpty(ocpp.AuthorizationKey) ? null : ocpp.AuthorizationKey,
                FirmwareVersion = typeof(DaemonOptions).Assembly.GetName().Version?.ToString(3),
                MinBackoff = ocpp.MinBackoff,
                MaxBackoff = ocpp.MaxBackoff,
                CallTimeout = ocpp.CallTimeout,
                HeartbeatInterval = ocpp.HeartbeatInterval,
                WebSocketPingInterval = ocpp.WebSocketPingInterval,
                BootRetryInterval = ocpp.BootRetryInterval,
                TransactionMessageAttempts = ocpp.TransactionMessageAttempts,
                TransactionMessageRetryInterval = ocpp.TransactionMessageRetryInterval,
                MeterValueSampleInterval = ocpp.MeterValueSampleInterval,
                ClockAlignedDataInterval = ocpp.ClockAlignedDataInterval,
                LocalAuthorizeOffline = ocpp.LocalAuthorizeOffline,
                LocalPreAuthorize = ocpp.LocalPreAuthorize,
                AuthorizationCacheEnabled = ocpp.AuthorizationCacheEnabled,
                AuthorizeTimeout = ocpp.AuthorizeTimeout,
            };
            Check("ocpp", options.Validate);
            result[chargers[i].Id] = options;
        }
        return result;
    }

    private static Actors.Alerts.AlertsOptions AlertsFrom(AlertSettings a)
    {
        Actors.Alerts.AlertRuleOptions Rule(string name, AlertRuleSettings r) => new(r.Hold, r.ResolveAfter,
            r.Severity.ToLowerInvariant() switch
            {
                "info" => Actors.Alerts.AlertSeverity.Info,
                "warning" => Actors.Alerts.AlertSeverity.Warning,
                "critical" => Actors.Alerts.AlertSeverity.Critical,
                var other => throw new ConfigurationException($"alerts.{name}.severity",
                    $"alerts.{name}.severity must be info, warning or critical, got '{other}'."),
            }, r.Enabled);
        var options = new Actors.Alerts.AlertsOptions
        {
            EvaluateEvery = a.EvaluateEvery,
            HistorySize = a.HistorySize,
            Rules = new Dictionary<string, Actors.Alerts.AlertRuleOptions>
            {
                [Actors.Alerts.AlertRule.LinkDown] = Rule(Actors.Alerts.AlertRule.LinkDown, a.LinkDown),
                [Actors.Alerts.AlertRule.StatusStale] = Rule(Actors.Alerts.AlertRule.StatusStale, a.StatusStale),
                [Actors.Alerts.AlertRule.ChargerFault] = Rule(Actors.Alerts.AlertRule.ChargerFault, a.ChargerFault),
                [Actors.Alerts.AlertRule.OcppDown] = Rule(Actors.Alerts.AlertRule.OcppDown, a.OcppDown),
                [Actors.Alerts.AlertRule.SubscriberQuarantined] = Rule(Actors.Alerts.AlertRule.SubscriberQuarantined, a.SubscriberQuarantined),
                [Actors.Alerts.AlertRule.JournalFailing] = Rule(Actors.Alerts.AlertRule.JournalFailing, a.JournalFailing),
                [Actors.Alerts.AlertRule.DiskLow] = Rule(Actors.Alerts.AlertRule.DiskLow, a.DiskLow),
                [Actors.Alerts.AlertRule.MemoryHigh] = Rule(Actors.Alerts.AlertRule.MemoryHigh, a.MemoryHigh),
                [Actors.Alerts.AlertRule.CpuHot] = Rule(Actors.Alerts.AlertRule.CpuHot, a.CpuHot),
                [Actors.Alerts.AlertRule.ClockUnsynchronised] = Rule(Actors.Alerts.AlertRule.ClockUnsynchronised, a.ClockUnsynchronised),
            },
            DiskMinFreePercent = a.DiskLow.MinFreePercent,
            DiskMinFreeBytes = a.DiskLow.MinFree,
            RssLimitBytes = a.MemoryHigh.RssLimit,
            CpuMaxCelsius = a.CpuHot.MaxCelsius,
            ThermalRoot = a.CpuHot.ThermalRoot,
        };
        // The option records name the key in their messages ("alerts.disk-low.min-free-percent must be ...").
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            var key = e.Message.Split(' ')[0].TrimEnd(':');
            throw new ConfigurationException(key.StartsWith("alerts.", StringComparison.Ordinal) ? key : "alerts", e.Message, e);
        }
        return options;
    }

    /// <summary><c>chargers[i].meter</c> as the meter actor's options; every problem names its key.</summary>
    private static MeterOptions MeterFrom(MeterSettings m, string key, SerialDriver driver, LinkSettings link)
    {
        if (string.IsNullOrWhiteSpace(m.Port))
            throw new ConfigurationException($"{key}.port", $"{key}.port is required: the RS-485 adapter's device, e.g. /dev/serial/by-id/usb-FTDI_...");
        var model = (m.Model ?? "").Trim().ToLowerInvariant() switch
        {
            "sdm120" => MeterModel.Sdm120,
            "sdm630" => MeterModel.Sdm630,
            "abb-b23" => MeterModel.AbbB23,
            "custom" => MeterModel.Custom,
            var other => throw new ConfigurationException($"{key}.model", $"{key}.model must be sdm120, sdm630, abb-b23 or custom, got '{other}'."),
        };
        if (model != MeterModel.Custom && m.Registers.Count > 0)
            throw new ConfigurationException($"{key}.registers", $"{key}.registers is only read with model = custom; {m.Model} has its built-in map.");
        var map = model == MeterModel.Custom
            ? new RegisterMap("custom", [.. m.Registers.Select((r, i) => RegisterFrom(r, $"{key}.registers[{i}]"))], m.MaxGap)
            : RegisterMap.For(model);
        var factory = MeterOptions.FactoryLine(model);
        var parity = m.Parity is null ? factory.Parity : m.Parity.Trim().ToLowerInvariant() switch
        {
            "none" => SerialParity.None,
            "even" => SerialParity.Even,
            "odd" => SerialParity.Odd,
            var other => throw new ConfigurationException($"{key}.parity", $"{key}.parity must be none, even or odd, got '{other}'."),
        };
        var options = new MeterOptions
        {
            PortPath = m.Port,
            Model = model,
            Map = map,
            BaudRate = m.BaudRate ?? factory.BaudRate,
            Parity = parity,
            Address = m.Address,
            PollInterval = m.PollInterval,
            ResponseTimeout = m.ResponseTimeout,
            SilenceTimeout = m.SilenceTimeout,
            StaleAfter = m.StaleAfter,
            Driver = driver,
            MinBackoff = link.MinBackoff,
            MaxBackoff = link.MaxBackoff,
            RandomFactor = link.RandomFactor,
            ResetBackoffAfter = link.ResetBackoffAfter,
        };
        try
        {
            options.Validate(key);
        }
        catch (ArgumentException e)
        {
            // The message starts with the key it is about (e.g. chargers[0].meter.address ...).
            var named = e.Message.Split(' ', 2)[0].TrimEnd(':', '.');
            throw new ConfigurationException(named.StartsWith(key, StringComparison.Ordinal) ? named : key, e.Message, e);
        }
        return options;
    }

    private static string? SentryDsnFrom(string? dsn)
    {
        if (string.IsNullOrWhiteSpace(dsn)) return null;
        if (!Uri.TryCreate(dsn, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.UserInfo))
            throw new ConfigurationException("errors.sentry-dsn", "errors.sentry-dsn must be a Sentry DSN like https://<key>@sentry.example/<project>.");
        return dsn;
    }

    private static MeterRegister RegisterFrom(MeterRegisterSettings r, string key)
    {
        var name = (r.Quantity ?? "").Trim().ToLowerInvariant();
        (MeterQuantity Quantity, int Phase) quantity = name switch
        {
            "energy-import" => (MeterQuantity.EnergyImport, 0),
            "power" => (MeterQuantity.PowerTotal, 0),
            "power-l1" or "power-l2" or "power-l3" => (MeterQuantity.Power, name[^1] - '0'),
            "current-l1" or "current-l2" or "current-l3" => (MeterQuantity.Current, name[^1] - '0'),
            "voltage-l1" or "voltage-l2" or "voltage-l3" => (MeterQuantity.Voltage, name[^1] - '0'),
            _ => throw new ConfigurationException($"{key}.quantity",
                $"{key}.quantity must be energy-import, power, power-l1..3, current-l1..3 or voltage-l1..3, got '{r.Quantity}'."),
        };
        if (r.Address is not { } address || address is < 0 or > 65535)
            throw new ConfigurationException($"{key}.address", $"{key}.address must be a register number 0..65535 (0-based, as on the wire), got '{r.Address}'.");
        var function = r.Function.Trim().ToLowerInvariant() switch
        {
            "input" or "4" or "04" => ModbusFunction.ReadInputRegisters,
            "holding" or "3" or "03" => ModbusFunction.ReadHoldingRegisters,
            var other => throw new ConfigurationException($"{key}.function", $"{key}.function must be input (FC 04) or holding (FC 03), got '{other}'."),
        };
        var type = r.Type.Trim().ToLowerInvariant() switch
        {
            "float32" => RegisterEncoding.Float32,
            "uint16" => RegisterEncoding.UInt16,
            "int16" => RegisterEncoding.Int16,
            "uint32" => RegisterEncoding.UInt32,
            "int32" => RegisterEncoding.Int32,
            "uint64" => RegisterEncoding.UInt64,
            var other => throw new ConfigurationException($"{key}.type", $"{key}.type must be float32, uint16, int16, uint32, int32 or uint64, got '{other}'."),
        };
        if (!double.IsFinite(r.Scale) || r.Scale == 0)
            throw new ConfigurationException($"{key}.scale", $"{key}.scale must be a non-zero number, got {r.Scale}.");
        return new MeterRegister(quantity.Quantity, quantity.Phase, function, (ushort)address, type, r.Scale);
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
