using Akka.Actor;
using Akka.Pattern;
using Akka.Event;
using Charger.Actors.Supervision;

namespace Charger.Actors.Serial;

/// <summary>
/// The supervised serial link of one charger: a BackoffSupervisor (on failure, 100 ms .. 10 s,
/// jitter 0.2, reset after a stable period) over a <see cref="SerialPortActor"/> named "serial".
/// Every failure, including a failed open, restarts the port actor after the backoff delay; each one
/// is logged once with the flight recorder's last bytes and recorded in the <see cref="LinkMonitor"/>.
/// While the link is down, anything sent to it is answered with
/// <see cref="SerialPortActor.LinkUnavailable"/> at once.
/// </summary>
public static class SerialLink
{
    public const string ChildName = "serial";

    /// <param name="linkPath">Where the link will live (its port actor is <c>{linkPath}/serial</c>), for the supervision record.</param>
    public static Props Props(SerialLinkOptions options, IActorRef listener, LinkMonitor monitor, FlightRecorder recorder, ILoggingAdapter log,
        SupervisionRecorder supervision, ActorPath linkPath)
    {
        options.Validate();
        var child = Akka.Actor.Props.Create(() => new SerialPortActor(options, listener, monitor, recorder));
        var childPath = linkPath / ChildName;
        // Akka's backoff supervisor asks this decider about every failure of its child and turns Restart into
        // "stop, wait, start anew". Logged here with the flight recorder; Akka's own error line for the same
        // failure is lowered to Debug by the host's log bridge (its strategy ignores loggingEnabled).
        var decider = new OneForOneStrategy(-1, -1, e =>
        {
            supervision.Failed(childPath, e, restarted: true);
            OnLinkFailure(e, options, listener, monitor, recorder, log);
            return Directive.Restart;
        }, loggingEnabled: false);
        var backoff = Backoff.OnFailure(child, ChildName, options.MinBackoff, options.MaxBackoff, options.RandomFactor, maxNrOfRetries: -1)
            .WithAutoReset(options.ResetBackoffAfter)
            .WithSupervisorStrategy(decider)
            .WithReplyWhileStopped(new SerialPortActor.LinkUnavailable("serial link down; reconnecting"));
        return BackoffSupervisor.Props(backoff);
    }

    private static void OnLinkFailure(Exception e, SerialLinkOptions options, IActorRef listener, LinkMonitor monitor,
        FlightRecorder recorder, ILoggingAdapter log)
    {
        var cause = e is ActorInitializationException { InnerException: { } inner } ? inner : e;
        var wasUp = monitor.Current.IsUp;
        var state = monitor.MarkDown(options.PortPath, cause.Message);
        if (wasUp)
        {
            // The first failure of a connection is worth the bytes that led to it; retries are not.
            log.Warning(cause, "Serial link down: {Error}\n{FlightRecorder}", cause.Message, recorder.Dump());
            recorder.Clear();
        }
        else
        {
            log.Info("Serial link still down (attempt {Attempt}): {Error}", state.ReconnectAttempts, cause.Message);
        }
        listener.Tell(new SerialPortActor.LinkChanged(state), ActorRefs.NoSender);
    }
}
