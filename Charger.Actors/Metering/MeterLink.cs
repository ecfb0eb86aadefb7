using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Charger.Actors.Supervision;

namespace Charger.Actors.Metering;

/// <summary>
/// The supervised meter link of one charger: a BackoffSupervisor over a <see cref="MeterActor"/> named "modbus",
/// with the ESP32 link's rules (<see cref="Serial.SerialLink"/>): every failure, a failed open included, restarts it
/// after the backoff; the first failure of a connection is logged as a warning, retries at info; the monitor
/// records the outage and the listener hears <see cref="MeterActor.MeterLinkChanged"/>.
/// </summary>
public static class MeterLink
{
    public const string Name = "meter";
    public const string ChildName = "modbus";

    public static Props Props(MeterOptions options, IActorRef listener, MeterMonitor monitor, ILoggingAdapter log,
        SupervisionRecorder supervision, ActorPath linkPath)
    {
        var child = MeterActor.Props(options, listener, monitor);
        var childPath = linkPath / ChildName;
        var decider = new OneForOneStrategy(-1, -1, e =>
        {
            supervision.Failed(childPath, e, restarted: true);
            var cause = e is ActorInitializationException { InnerException: { } inner } ? inner : e;
            var wasUp = monitor.Link.Current.IsUp;
            var state = monitor.Link.MarkDown(options.PortPath, cause.Message);
            if (wasUp) log.Warning("Meter link down: {Error}", cause.Message);
            else log.Info("Meter link still down (attempt {Attempt}): {Error}", state.ReconnectAttempts, cause.Message);
            listener.Tell(new MeterActor.MeterLinkChanged(state), ActorRefs.NoSender);
            return Directive.Restart;
        }, loggingEnabled: false);
        var backoff = Backoff.OnFailure(child, ChildName, options.MinBackoff, options.MaxBackoff, options.RandomFactor, maxNrOfRetries: -1)
            .WithAutoReset(options.ResetBackoffAfter)
            .WithSupervisorStrategy(decider);
        return BackoffSupervisor.Props(backoff);
    }
}
