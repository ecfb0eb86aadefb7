using Akka.Actor;
using Akka.Actor.Internal;

namespace Charger.Actors.Supervision;

/// <summary>
/// Akka's <see cref="OneForOneStrategy"/>, unchanged in what it decides, that also writes each failure it
/// handles to the system's <see cref="SupervisionRecorder"/> (Akka keeps no per-child failure history).
/// </summary>
public sealed class RecordingOneForOneStrategy : OneForOneStrategy
{
    public RecordingOneForOneStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
        : base(maxNrOfRetries, withinTimeRange, decider)
    {
    }

    public RecordingOneForOneStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, IDecider decider)
        : base(maxNrOfRetries, withinTimeRange, decider)
    {
    }

    public override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause, ChildRestartStats stats,
        IReadOnlyCollection<ChildRestartStats> children)
    {
        var granted = restart && stats.RequestRestartPermission(MaxNumberOfRetries, WithinTimeRangeMilliseconds);
        context.System.Supervision().Failed(child, cause, granted);
        if (granted) RestartChild(child, cause, suspendFirst: false);
        else context.Stop(child);
    }
}
