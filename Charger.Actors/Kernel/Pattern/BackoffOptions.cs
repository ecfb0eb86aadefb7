namespace Charger.Actors.Kernel.Pattern;

/// <summary>Whether the backoff supervisor restarts its child after a crash or after it stops.</summary>
public enum BackoffMode
{
    /// <summary>Restart after the child throws (its supervisor strategy says Restart); a clean stop ends the supervisor.</summary>
    OnFailure,

    /// <summary>Restart after the child stops, for whatever reason (e.g. a persistent actor stopping on a journal error).</summary>
    OnStop,
}

/// <summary>Entry points, named as in Akka.NET: <c>Backoff.OnFailure(...)</c> and <c>Backoff.OnStop(...)</c>.</summary>
public static class Backoff
{
    public static BackoffOptions OnFailure(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff,
        double randomFactor, int maxNrOfRetries = -1) =>
        new(BackoffMode.OnFailure, childProps, childName, minBackoff, maxBackoff, randomFactor, maxNrOfRetries);

    public static BackoffOptions OnStop(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff,
        double randomFactor, int maxNrOfRetries = -1) =>
        new(BackoffMode.OnStop, childProps, childName, minBackoff, maxBackoff, randomFactor, maxNrOfRetries);
}

/// <summary>
/// Immutable configuration of a <see cref="BackoffSupervisor"/>. The restart delay is
/// <c>min(maxBackoff, minBackoff * 2^restartCount) * (1 + random * randomFactor)</c> with random in [0, 1).
/// </summary>
public sealed record BackoffOptions
{
    internal BackoffOptions(BackoffMode mode, Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff,
        double randomFactor, int maxNrOfRetries)
    {
        ArgumentNullException.ThrowIfNull(childProps);
        ActorPath.ValidateName(childName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBackoff, minBackoff);
        if (randomFactor is < 0 or > 1 || double.IsNaN(randomFactor))
            throw new ArgumentOutOfRangeException(nameof(randomFactor), randomFactor, "randomFactor must be between 0.0 and 1.0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNrOfRetries, -1);
        Mode = mode;
        ChildProps = childProps;
        ChildName = childName;
        MinBackoff = minBackoff;
        MaxBackoff = maxBackoff;
        RandomFactor = randomFactor;
        MaxNrOfRetries = maxNrOfRetries;
        AutoReset = minBackoff;
    }

    public BackoffMode Mode { get; }

    public Props ChildProps { get; }

    public string ChildName { get; }

    public TimeSpan MinBackoff { get; }

    public TimeSpan MaxBackoff { get; }

    public double RandomFactor { get; }

    /// <summary>Restarts before the supervisor gives up and stops; -1 means never give up.</summary>
    public int MaxNrOfRetries { get; private init; }

    /// <summary>The restart count resets once the child has lived this long; null with manual reset.</summary>
    public TimeSpan? AutoReset { get; private init; }

    /// <summary>The child's supervisor strategy (its decider picks which failures mean a backoff restart).</summary>
    public OneForOneStrategy Strategy { get; private init; } = (OneForOneStrategy)SupervisorStrategy.DefaultStrategy;

    /// <summary>Sent to the sender of a message that arrives while there is no child; null means dead letters.</summary>
    public object? ReplyWhileStopped { get; private init; }

    /// <summary>A message for which the supervisor stops itself once the child has stopped (OnStop mode).</summary>
    public Func<object, bool>? FinalStopMessage { get; private init; }

    /// <summary>The jitter source, returning values in [0, 1); tests inject a fixed one.</summary>
    public Func<double> Random { get; private init; } = System.Random.Shared.NextDouble;

    public BackoffOptions WithAutoReset(TimeSpan resetBackoff)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(resetBackoff, TimeSpan.Zero);
        return this with { AutoReset = resetBackoff };
    }

    /// <summary>The child itself sends <see cref="BackoffSupervisor.Reset"/> to its parent when it is healthy.</summary>
    public BackoffOptions WithManualReset() => this with { AutoReset = null };

    public BackoffOptions WithSupervisorStrategy(OneForOneStrategy strategy) =>
        this with { Strategy = strategy ?? throw new ArgumentNullException(nameof(strategy)) };

    /// <summary>Any exception stops the child (OnStop mode then restarts it with backoff).</summary>
    public BackoffOptions WithDefaultStoppingStrategy() => this with { Strategy = new OneForOneStrategy(_ => Directive.Stop) };

    public BackoffOptions WithReplyWhileStopped(object reply) =>
        this with { ReplyWhileStopped = reply ?? throw new ArgumentNullException(nameof(reply)) };

    public BackoffOptions WithMaxNrOfRetries(int maxNrOfRetries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNrOfRetries, -1);
        return this with { MaxNrOfRetries = maxNrOfRetries };
    }

    public BackoffOptions WithFinalStopMessage(Func<object, bool> isFinalStopMessage) =>
        this with { FinalStopMessage = isFinalStopMessage ?? throw new ArgumentNullException(nameof(isFinalStopMessage)) };

    public BackoffOptions WithRandom(Func<double> random) =>
        this with { Random = random ?? throw new ArgumentNullException(nameof(random)) };

    public Props Props() => Kernel.Props.Create(() => new BackoffSupervisor(this));
}
