using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Charger.Actors.Kernel;

/// <summary>What an <see cref="ActorSystem"/> is built with. Defaults match Akka.NET where Akka has one.</summary>
public sealed record ActorSystemSettings
{
    /// <summary>The clock of timers, backoff, Ask timeouts, restart windows and shutdown phase timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>User messages an actor handles per turn before yielding its thread (Akka: 30).</summary>
    public int Throughput { get; init; } = 30;

    /// <summary>How the /user guardian supervises top-level actors (default: restart, unlimited).</summary>
    public SupervisorStrategy UserGuardianStrategy { get; init; } = SupervisorStrategy.DefaultStrategy;

    /// <summary>The shutdown phases; <see cref="CoordinatedShutdown.DefaultPhases"/> unless replaced.</summary>
    public IReadOnlyDictionary<string, ShutdownPhase> ShutdownPhases { get; init; } = CoordinatedShutdown.DefaultPhases;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(LoggerFactory);
        ArgumentNullException.ThrowIfNull(UserGuardianStrategy);
        ArgumentOutOfRangeException.ThrowIfLessThan(Throughput, 1);
    }
}
