using Microsoft.Extensions.Logging;

namespace Charger.Actors.Kernel;

/// <summary>
/// How a parent treats a failing child: a decider maps the exception to a <see cref="Directive"/>,
/// and a restart budget (max retries within a window, per child) turns too many restarts into a stop.
/// </summary>
public abstract class SupervisorStrategy
{
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
    }

    /// <summary>Restarts allowed per child within <see cref="WithinTimeRange"/>; negative means unlimited.</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>The window of the restart budget; zero, negative or infinite means no window.</summary>
    public TimeSpan WithinTimeRange { get; }

    public Func<Exception, Directive> Decider { get; }

    /// <summary>Log failures (Error for Restart/Stop, Warning for Resume). On by default.</summary>
    public bool LoggingEnabled { get; init; } = true;

    /// <summary>
    /// Akka's default: <see cref="ActorInitializationException"/>, <see cref="ActorKilledException"/>
    /// and <see cref="DeathPactException"/> stop the child; anything else restarts it.
    /// </summary>
    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>OneForOne, unlimited restarts, <see cref="DefaultDecider"/>.</summary>
    public static readonly SupervisorStrategy DefaultStrategy = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stops a child on any failure (the Erlang way).</summary>
    public static readonly SupervisorStrategy StoppingStrategy = new OneForOneStrategy(_ => Directive.Stop);

    internal TimeSpan? Window =>
        WithinTimeRange <= TimeSpan.Zero || WithinTimeRange == Timeout.InfiniteTimeSpan ? null : WithinTimeRange;

    /// <summary>Applies the decision; returns false when the failure must be escalated.</summary>
    internal bool HandleFailure(ActorCell parent, ChildRestartStats failed, Exception cause, IReadOnlyList<ChildRestartStats> children)
    {
        var directive = Decider(cause);
        if (LoggingEnabled) LogFailure(parent, failed.Child, cause, directive);
        switch (directive)
        {
            case Directive.Resume:
                failed.Child.SendSystemMessage(new Dispatch.Resume(cause));
                return true;
            case Directive.Restart:
                ProcessFailure(parent, restart: true, failed, cause, children);
                return true;
            case Directive.Stop:
                ProcessFailure(parent, restart: false, failed, cause, children);
                return true;
            default:
                return false;
        }
    }

    private protected abstract void ProcessFailure(
        ActorCell parent, bool restart, ChildRestartStats failed, Exception cause, IReadOnlyList<ChildRestartStats> children);

    private static void LogFailure(ActorCell parent, IActorRef child, Exception cause, Directive directive)
    {
        var log = parent.System.SupervisionLog;
        switch (directive)
        {
            case Directive.Resume:
                log.LogWarning(cause, "{Child} failed and is resumed: {Error}", child.Path, cause.Message);
                break;
            case Directive.Escalate:
                break; // logged by whoever handles it
            default:
                log.LogError(cause, "{Child} failed ({Directive}): {Error}", child.Path, directive, cause.Message);
                break;
        }
    }
}

/// <summary>Applies the directive to the failed child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider) { }

    /// <summary>Unlimited restarts without a window.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider) : this(-1, Timeout.InfiniteTimeSpan, decider) { }

    private protected override void ProcessFailure(
        ActorCell parent, bool restart, ChildRestartStats failed, Exception cause, IReadOnlyList<ChildRestartStats> children)
    {
        if (restart && failed.RequestRestartPermission(MaxNrOfRetries, Window, parent.System.TimeProvider))
            parent.RestartChild(failed, cause);
        else
            parent.StopChild(failed);
    }
}

/// <summary>Applies the directive to all children: one failure restarts (or stops) every sibling.</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider) { }

    public AllForOneStrategy(Func<Exception, Directive> decider) : this(-1, Timeout.InfiniteTimeSpan, decider) { }

    private protected override void ProcessFailure(
        ActorCell parent, bool restart, ChildRestartStats failed, Exception cause, IReadOnlyList<ChildRestartStats> children)
    {
        var time = parent.System.TimeProvider;
        if (restart && children.All(c => c.RequestRestartPermission(MaxNrOfRetries, Window, time)))
        {
            foreach (var child in children) parent.RestartChild(child, cause);
        }
        else
        {
            foreach (var child in children) parent.StopChild(child);
        }
    }
}
