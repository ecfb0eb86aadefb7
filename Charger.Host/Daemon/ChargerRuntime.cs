using Charger.Actors.Kernel;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Station;
using Charger.Actors.Subscribers;
using Charger.Host.Gateway;

namespace Charger.Host.Daemon;

/// <summary>
/// The actor system inside the web host: started before Kestrel takes requests and stopped after it
/// has drained them (the host stops services in reverse order), through CoordinatedShutdown. Stopping
/// closes the serial ports and never sends a stop: a charge in progress goes on without us.
/// </summary>
public sealed class ChargerRuntime(DaemonOptions options, ILoggerFactory loggerFactory, TimeProvider time, IHostApplicationLifetime lifetime)
    : IHostedService
{
    private ActorSystem? _system;
    private SessionStorage? _storage;
    private ITimer? _retention;

    public ChargerRegistry Registry { get; } = new();

    public ChargerEventHub Hub { get; } = new(options.Settings.Events.ReplayWindow);

    public DaemonOptions Options => options;

    public ActorSystem System => _system ?? throw new InvalidOperationException("The charger runtime has not started.");

    public IActorRef Gateway { get; private set; } = ActorRefs.Nobody;

    /// <summary>The session query table (the read side of the session actors' journals).</summary>
    public ISessionQueries Sessions => _storage?.Queries ?? throw new InvalidOperationException("The charger runtime has not started.");

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>True once the actor system exists (it may be stopping or stopped since).</summary>
    public bool HasStarted => _system is not null;

    /// <summary>True while the actor system runs and has not begun shutting down.</summary>
    public bool IsRunning => _system is { } s && !s.WhenTerminated.IsCompleted && s.CoordinatedShutdown.ShutdownReason is null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        StartedAt = time.GetUtcNow();
        _storage = await SessionStorage.OpenAsync(options, loggerFactory, cancellationToken);
        _system = ActorSystem.Create("charger", new ActorSystemSettings { TimeProvider = time, LoggerFactory = loggerFactory });
        // If the actor system shuts down on its own, the process must follow (systemd restarts it).
        _system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "stop-host", _ =>
        {
            lifetime.StopApplication();
            return Task.CompletedTask;
        });

        var station = new StationOptions
        {
            Chargers = options.Chargers,
            Subscribers = Subscribers(),
            SubscriberBudget = options.SubscriberBudget,
            Sessions = new SessionPersistence(_storage.Persistence, options.Sessions),
        };
        var chargers = _system.ActorOf(ChargersSupervisor.Props(station, Registry), ChargersSupervisor.Name);
        await chargers.Ask<ChargersSupervisor.Chargers>(ChargersSupervisor.GetChargers.Instance, TimeSpan.FromSeconds(30), cancellationToken);
        Gateway = _system.ActorOf(Props.Create(() => new HttpGatewayActor(Registry)), HttpGatewayActor.Name);
        if (options.SessionRetention is { } keep)
            _retention = time.CreateTimer(_ => _ = PruneSessionsAsync(keep), null, TimeSpan.Zero, TimeSpan.FromHours(1));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_retention is not null) await _retention.DisposeAsync();
        if (_system is not null)
            await _system.CoordinatedShutdown.Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(cancellationToken);
        // After the actors: no journal write can still be on its way.
        if (_storage is not null) await _storage.DisposeAsync();
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

    private List<SubscriberDefinition> Subscribers()
    {
        // The live stream never fails, so it gets no retries; the log and webhooks use the configured policy.
        var list = new List<SubscriberDefinition> { new("stream", () => new EventHubSink(Hub), options.SubscriberOptions with { MaxRetries = 0 }) };
        if (options.Settings.Subscribers.Log)
        {
            var logger = loggerFactory.CreateLogger("Charger.Events");
            list.Add(new SubscriberDefinition("log", () => new LogSink(logger), options.SubscriberOptions));
        }
        foreach (var (name, webhook) in options.Webhooks)
            list.Add(new SubscriberDefinition(name, () => new WebhookSink(webhook), options.SubscriberOptions));
        return list;
    }
}
