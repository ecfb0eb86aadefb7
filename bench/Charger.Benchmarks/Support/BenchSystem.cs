using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;
using Charger.Actors.Runtime;
using Charger.Actors.Sessions.Journal;

namespace Charger.Benchmarks.Support;

/// <summary>Creates and terminates the actor system the benchmarks run on, with the production defaults.</summary>
public static class BenchSystem
{
    /// <summary>How long a benchmark round may take before it is reported as lost messages.</summary>
    public static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Akka's defaults (default dispatcher, throughput 30) with our actors' configuration
    /// (<see cref="ChargerActorsConfig"/>): the benchmarks measure what the daemon gets, not a tuned
    /// configuration. Warnings and errors are logged to stderr (<see cref="StandardErrorLogger"/>), so stdout
    /// carries only the probes' results, as with the kernel's null logger, and scripts can parse it.
    /// </summary>
    public static readonly Config Config = ConfigurationFactory.ParseString($$"""
        akka.loglevel = WARNING
        akka.loggers = ["{{typeof(StandardErrorLogger).FullName}}, {{typeof(StandardErrorLogger).Assembly.GetName().Name}}"]
        """).WithFallback(ChargerActorsConfig.Default);

    /// <summary>A system on the real clock (no <see cref="TimeProviderSetup"/>: its actors read <see cref="TimeProvider.System"/>).</summary>
    public static ActorSystem Create(string name) => ActorSystem.Create(name, Config);

    /// <summary>A system with the session journal on <paramref name="store"/>, composed as the daemon composes it
    /// (<see cref="SessionJournal.ToConfig"/>: Akka.Persistence.Sql, our serializer, the session tagger, the read journal).</summary>
    public static ActorSystem Create(string name, SessionStore store, TimeSpan? pollInterval = null, Akka.Configuration.Config? over = null)
    {
        var config = (over ?? Akka.Configuration.Config.Empty).WithFallback(SessionJournal.ToConfig(store, pollInterval)).WithFallback(Config);
        var setup = BootstrapSetup.Create().WithConfig(config);
        return SessionJournal.SetupFor(store) is { } pragmas ? ActorSystem.Create(name, setup.And(pragmas)) : ActorSystem.Create(name, setup);
    }

    /// <summary>Terminates the system and waits for it, so one benchmark's threads do not disturb the next.</summary>
    public static void Terminate(ActorSystem? system)
    {
        if (system is null) return;
        if (!system.Terminate().Wait(TimeSpan.FromSeconds(30)))
            throw new TimeoutException($"{system} did not terminate within 30 s.");
    }

    /// <summary>Akka's default logger, writing to stderr instead of stdout.</summary>
    public sealed class StandardErrorLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
    {
        public StandardErrorLogger()
        {
            Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
            Receive<LogEvent>(e => Console.Error.WriteLine(e));
        }
    }
}
