using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Pattern;
using Charger.Actors.Alerts;
using Charger.Actors.Alerts.Rules;
using Charger.Actors.Budget;
using Charger.Actors.Ocpp.Transactions;
using Charger.Actors.Runtime;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Migration;
using Charger.Actors.Sessions.Projection;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Station;
using Charger.Actors.Subscribers;
using Charger.Host.Cluster;
using Charger.Host.Gateway;
using Charger.Host.Logging;
using Charger.Host.Mqtt;

namespace Charger.Host.Daemon;

/// <summary>
/// What the daemon's actors run with, around the ActorSystem that Akka.Hosting builds (<see cref="Configure"/>):
/// the session storage, opened before the actors start (the host starts services in order, and this one is
/// added before Akka's); the charger registry and the live event hub the endpoints read. Stopping is Akka's
/// coordinated shutdown, in its phases: before-service-unbind stops the web host (no new requests), service-stop
/// stops the chargers (serial ports close; no stop is ever sent, so a charge in progress goes on without us),
/// before-actor-system-terminate closes the journal.
/// </summary>
public sealed class ChargerRuntime(DaemonOptions options, ILoggerFactory loggerFactory, TimeProvider time, IServiceProvider services)
    : IHostedService
{
    private SessionStorage? _storage;
    private readonly SessionStore _store = SessionStorage.StoreFor(options);
    private Task? _storageClosed;
    private readonly Lock _closing = new();
    private ITimer? _retention;
    private ActorSystem? _system;

    public ChargerRegistry Registry { get; } = new();

    public ChargerEventHub Hub { get; } = new(options.Settings.Events.ReplayWindow);

    /// <summary>Whether the session journal and the projection can write (readiness shows it as degraded).</summary>
    public SessionJournalHealth JournalHealth { get; } = new(time);

    public DaemonOptions Options => options;

    /// <summary>Active alerts and their history (<c>{data-dir}/alerts.json</c>), read by /api/alerts, /metrics and MQTT.</summary>
    public AlertBook Alerts { get; } = new(Path.Combine(options.DataDirectory, "alerts.json"), options.Alerts.HistorySize);

    /// <summary>When the system clock was not synchronised (<c>{data-dir}/clock-unsynchronised.json</c>): sessions started then are flagged.</summary>
    public ClockSyncLog ClockSync { get; } = new(Path.Combine(options.DataDirectory, "clock-unsynchronised.json"));

    /// <summary>What waits to go to the MQTT broker (null without <c>mqtt.url</c>).</summary>
    public MqttOutbox? Mqtt { get; } = options.Mqtt is null ? null : new MqttOutbox();

    private IActorRef _mqttState = ActorRefs.Nobody;

    /// <summary>This node's view of the site cluster; null for the single-host daemon (<c>cluster.enabled = off</c>).</summary>
    public SiteCluster? Site { get; private set; }

    /// <summary>The site budget (the cluster singleton's proxy, or the local actor on a single host); null without <c>site.max-current-a</c>.</summary>
    public IActorRef? SiteBudget { get; private set; }

    public ActorSystem System => _system ?? throw new InvalidOperationException("The charger runtime has not started.");

    /// <summary>The session query table (the read side of the session actors' journals).</summary>
    public ISessionQueries Sessions => _storage?.Queries ?? throw new InvalidOperationException("The charger runtime has not started.");

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>True once the actors run (they may be stopping or stopped since).</summary>
    public bool HasStarted => _system is not null;

    /// <summary>True while the actor system runs and has not begun shutting down.</summary>
    public bool IsRunning => _system is { } s && !s.WhenTerminated.IsCompleted && CoordinatedShutdown.Get(s).ShutdownReason is null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        StartedAt = time.GetUtcNow();
        _storage = await SessionStorage.OpenAsync(options, _store, loggerFactory, cancellationToken);
        if (options.SessionRetention is { } keep)
            _retention = time.CreateTimer(_ => _ = PruneSessionsAsync(keep), null, TimeSpan.Zero, TimeSpan.FromHours(1));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_retention is not null) await _retention.DisposeAsync();
        // Normally closed already by coordinated shutdown; here when the actors never started.
        await CloseStorageAsync();
    }

    /// <summary>Closes the journal once, whoever asks first (coordinated shutdown, or the host's stop).</summary>
    private Task CloseStorageAsync()
    {
        lock (_closing) return _storageClosed ??= _storage?.DisposeAsync().AsTask() ?? Task.CompletedTask;
    }

    /// <summary>The daemon's ActorSystem, as Akka.Hosting composes it.</summary>
    public void Configure(AkkaConfigurationBuilder akka)
    {
        // Cluster mode only on request: the single-host daemon opens no remoting port.
        if (options.Cluster is { } cluster) akka.WithSiteCluster(cluster);
        // The site budget exists once per site: a cluster singleton on the oldest node, with a proxy on every node
        // (registered before our actors start, so the chargers get the proxy).
        if (options.Cluster is not null && options.SiteBudget is { } budget)
            akka.WithSingleton<SiteBudgetActor>(SiteBudgetActor.Name, (_, _, _) => BudgetProps(budget),
                new ClusterSingletonOptions { Role = SiteClusterComposition.Role }, createProxyToo: true);
        // The operator's akka { } section first, then what our actors need (the subscriber mailbox).
        akka.AddHocon(options.Akka, HoconAddMode.Prepend)
            .AddHocon(ChargerActorsConfig.Default, HoconAddMode.Append)
            .WithSessionJournal(_store)
            .WithOcppLedger()
            .AddSetup(new TimeProviderSetup(time))
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLogger<AkkaLogBridge>();
            })
            .StartActors(async (system, registry) =>
            {
                if (options.Cluster is { } cluster)
                {
                    Site = new SiteCluster(cluster, system, RemoteCommandBudget(options));
                    var log = loggerFactory.CreateLogger<SiteCluster>();
                    log.LogInformation("Site {Site}: node {Node} joins the cluster through {Seeds} ({Transport})", cluster.Site,
                        SiteCluster.NodeName(Site.SelfAddress), string.Join(", ", cluster.SeedNodes.Select(s => $"{s.Host}:{s.Port}")),
                        cluster.Certificate is null ? "plaintext" : "TLS with the site certificate");
                    if (cluster.PlaintextOnPurpose)
                        log.LogWarning("cluster.allow-plaintext = on: cluster traffic on {Hostname} is not encrypted and any host that reaches the port can join",
                            cluster.Hostname);
                }
                // If the actor system shuts down on its own, the process must follow (systemd restarts it).
                var shutdown = CoordinatedShutdown.Get(system);
                shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "stop-host", () =>
                {
                    loggerFactory.CreateLogger<ChargerRuntime>().LogInformation(
                        "Coordinated shutdown started: {Reason}; serial links close, no charge is stopped", shutdown.ShutdownReason);
                    services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
                    return Task.FromResult(global::Akka.Done.Instance);
                });
                // The previous release's journal (first start after an upgrade) moves into Akka's before anything
                // journals; then the read side follows the journal from where its tables are.
                await LegacyJournalMigration.RunAsync(system, _storage!.Legacy, loggerFactory.CreateLogger("Charger.Sessions.Migration"));
                // Under Akka's backoff supervision: its read journal can fail to start when the database is slow to answer
                // (several nodes of a site starting at once on one PostgreSQL), and a projection that failed to start must
                // start again rather than stay stopped.
                var projection = system.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(
                    SessionProjectionActor.Props(_storage.Tables, ProjectionOptions, JournalHealth), "projection",
                    TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), randomFactor: 0.2, maxNrOfRetries: -1)), SessionProjectionActor.Name);
                registry.Register<SessionProjectionActor>(projection);
                if (Alerts.LoadProblem is { } problem) loggerFactory.CreateLogger<ChargerRuntime>().LogWarning("Alert history: {Problem}", problem);
                // Before the chargers: their MQTT subscribers tell it to publish at once.
                if (options.Mqtt is { } mqtt)
                    _mqttState = system.ActorOf(MqttStateActor.Props(Registry, mqtt, Topics(mqtt), Mqtt!, () => _storage?.Queries, Alerts), MqttStateActor.Name);
                if (options.SiteBudget is { } siteBudget)
                    SiteBudget = Site is null
                        ? system.ActorOf(BudgetProps(siteBudget), SiteBudgetActor.Name)
                        : await registry.GetAsync<SiteBudgetActor>();
                var station = new StationOptions
                {
                    SiteBudget = SiteBudget is null ? null : new SiteBudgetAccess(SiteBudget, options.SiteBudget!),
                    Chargers = options.Chargers,
                    Subscribers = Subscribers(system),
                    SubscriberBudget = options.SubscriberBudget,
                    Sessions = new SessionPersistence(options.Sessions with { JournalHealth = JournalHealth }),
                    Ocpp = options.Ocpp,
                };
                var chargers = system.ActorOf(ChargersSupervisor.Props(station, Registry), ChargersSupervisor.Name);
                await chargers.Ask<ChargersSupervisor.Chargers>(ChargersSupervisor.GetChargers.Instance, TimeSpan.FromSeconds(30));
                registry.Register<ChargersSupervisor>(chargers);
                system.ActorOf(AlertsActor.Props(
                    AlertFamilies.For(Registry, JournalHealth, options.DataDirectory, new LinuxHostReadings(options.Alerts.ThermalRoot), options.Alerts,
                        ClockSync),
                    options.Alerts, Alerts, AlertDelivery.ToSubscribers(system, Registry)), AlertsActor.Name);
                if (options.Mqtt is { } mqttOptions) StartMqtt(system, mqttOptions);
                if (Site is not null)
                {
                    system.ActorOf(ChargerDirectoryActor.Props(Registry, Site), ChargerDirectoryActor.Name);
                    system.ActorOf(SiteEventRelayActor.Props(Hub, Site.SelfAddress.ToString()), SiteEventRelayActor.Name);
                    system.ActorOf(EventReplayActor.Props(Hub), EventReplayActor.Name);
                }
                // The chargers stop before the system does, while the journal is still open: serial ports close
                // (no stop is sent to the ESP32) and the session actors finish what they were writing.
                shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "stop-chargers", async () =>
                {
                    try
                    {
                        await chargers.GracefulStop(TimeSpan.FromSeconds(4));
                    }
                    catch (TaskCanceledException)
                    {
                        // Past the phase's budget: the actor system's own termination stops what is left.
                    }
                    return global::Akka.Done.Instance;
                });
                // Last, once no actor writes any more: the journal (SQLite's WAL checkpoint, PostgreSQL's pool).
                shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "close-journal", async () =>
                {
                    try
                    {
                        await projection.GracefulStop(TimeSpan.FromSeconds(2));
                    }
                    catch (TaskCanceledException)
                    {
                        // A batch in flight is rolled back with the connection; the next start applies it again.
                    }
                    await CloseStorageAsync();
                    return global::Akka.Done.Instance;
                });
                var site = Site;
                registry.Register<HttpGatewayActor>(system.ActorOf(Props.Create(() => new HttpGatewayActor(Registry, site)), HttpGatewayActor.Name));
                _system = system;
            });
    }

    /// <summary>
    /// The budget actor: it reaches any charger of the site through this node's gateway, and knows them from the
    /// site's directory (and this node's configuration, which holds before the directory has gossiped).
    /// </summary>
    private Props BudgetProps(SiteBudgetOptions budget) => SiteBudgetActor.Props(budget, $"/user/{HttpGatewayActor.Name}",
        (id, message) => new HttpGatewayActor.ToCharger(id, message),
        () => [.. options.Chargers.Select(c => c.Id).Union(Site?.Chargers.Select(l => l.ChargerId) ?? [], StringComparer.OrdinalIgnoreCase)]);

    /// <summary>The read side opens a second after the actors start, out of the way of the first status and requests.</summary>
    private static readonly SessionProjectionOptions ProjectionOptions = new() { StartDelay = TimeSpan.FromSeconds(1) };

    private static MqttTopics Topics(MqttOptions mqtt) => new(mqtt.BaseTopic, mqtt.DiscoveryPrefix);

    private void StartMqtt(ActorSystem system, MqttOptions mqtt)
    {
        var topics = Topics(mqtt);
        var commandTopics = new List<string>();
        IActorRef commands = ActorRefs.Nobody;
        if (mqtt.Commands)
        {
            var audit = services.GetRequiredService<AuditLog>();
            commands = system.ActorOf(MqttCommandActor.Props(Registry, topics, Mqtt!,
                (charger, command, result) => audit.Command("mqtt", mqtt.DisplayUrl, charger, command, result)), MqttCommandActor.Name);
            foreach (var charger in Registry.All)
                commandTopics.AddRange([topics.ChargeCommand(charger.Id), topics.MaxCurrentCommand(charger.Id)]);
        }
        system.ActorOf(MqttConnectionActor.Supervised(mqtt, topics, Mqtt!, commandTopics, commands), MqttConnectionActor.Name);
    }

    /// <summary>The longest a charger's command actor takes to answer a command on its own: a fresh status, the ACK,
    /// a stop's confirmation and the start's journal write, plus a second.</summary>
    private static TimeSpan RemoteCommandBudget(DaemonOptions options)
    {
        var c = options.Settings.Commands;
        var commands = c.AckTimeout * 2 + c.StopConfirmTimeout + c.JournalTimeout + TimeSpan.FromSeconds(1);
        // A start under a site budget also waits for its grant, the max current's ACK, and the walk back to EvConnected.
        return options.SiteBudget is { } budget ? commands + budget.GrantTimeout + c.AckTimeout * 2 + budget.ReturnTimeout : commands;
    }

    private async Task PruneSessionsAsync(TimeSpan keep)
    {
        var logger = loggerFactory.CreateLogger<ChargerRuntime>();
        try
        {
            var deleted = await Sessions.DeleteEndedBeforeAsync(time.GetUtcNow() - keep);
            if (deleted > 0) logger.LogInformation("Session retention: deleted {Count} sessions that ended more than {Retention} ago", deleted, keep);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Session retention failed; retrying within the hour: {Error}", e.Message);
        }
    }

    private List<SubscriberDefinition> Subscribers(ActorSystem system)
    {
        // The live stream never fails, so it gets no retries; the log and webhooks use the configured policy.
        var list = new List<SubscriberDefinition> { new("stream", () => new EventHubSink(Hub), options.SubscriberOptions with { MaxRetries = 0 }) };
        if (Site is { } site)
        {
            // The other nodes' live streams: publishing never fails either (the mediator delivers or drops).
            var mediator = Akka.Cluster.Tools.PublishSubscribe.DistributedPubSub.Get(system).Mediator;
            var origin = site.SelfAddress.ToString();
            list.Add(new SubscriberDefinition("site", () => new SiteEventSink(mediator, origin), options.SubscriberOptions with { MaxRetries = 0 }));
        }
        if (options.Settings.Subscribers.Log)
        {
            var logger = loggerFactory.CreateLogger("Charger.Events");
            list.Add(new SubscriberDefinition("log", () => new LogSink(logger), options.SubscriberOptions));
        }
        foreach (var (name, webhook) in options.Webhooks)
            list.Add(new SubscriberDefinition(name, () => new WebhookSink(webhook), options.SubscriberOptions));
        // MQTT never fails here (the sink only fills the outbox), so no retries; the connection has its own backoff.
        if (options.Mqtt is { } mqtt)
            list.Add(new SubscriberDefinition("mqtt", () => new MqttSink(Topics(mqtt), Mqtt!, _mqttState), options.SubscriberOptions with { MaxRetries = 0 }));
        return list;
    }
}
