using Akka.Actor;
using Akka.Event;
using Akka.Hosting.Logging;
using Charger.Actors.Serial;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Charger.Host.Logging;

/// <summary>
/// Akka's logger actor on Akka.Hosting's <see cref="LoggerFactoryLogger"/>: Akka's log events go into the
/// host's logging (Serilog), under the category of the class that logged, with the actor path as the
/// <c>ActorPath</c> property and the template's own properties, so one JSON line says which actor
/// logged what. Akka.Hosting's version writes the whole event as one pre-formatted string instead.
/// </summary>
public sealed class AkkaLogBridge : LoggerFactoryLogger
{
    private readonly ILoggerFactory _factory;

    public AkkaLogBridge()
    {
        _factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value.LoggerFactory;
    }

    protected override void Log(LogEvent log, ActorPath path)
    {
        var logger = _factory.CreateLogger(log.LogClass?.FullName ?? "Akka");
        var level = log.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => LogLevel.Debug,
            Akka.Event.LogLevel.InfoLevel => LogLevel.Information,
            Akka.Event.LogLevel.WarningLevel => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        if (level == LogLevel.Error && IsSerialFailureReportedBySupervisor(log)) level = LogLevel.Debug;
        // An actor crash (its supervisor logs it with the cause): to error tracking with the actor's path and charger.
        if (level == LogLevel.Error && log.Cause is { } cause) ErrorTracking.CaptureActorFailure(cause, log.LogSource);
        if (!logger.IsEnabled(level)) return;
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["ActorPath"] = log.LogSource });
        if (log.Message is LogMessage message)
            logger.Log(level, log.Cause, message.Format, [.. message.Parameters()]);
        else
            logger.Log(level, log.Cause, "{Message}", log.Message?.ToString());
    }

    /// <summary>
    /// Akka's backoff supervisor logs each failure of its child as an error through its own strategy, which
    /// ignores ours' <c>loggingEnabled: false</c>. For the serial port actor that is a second line per
    /// reconnect attempt: <see cref="SerialLink"/>'s decider already logs the first failure of a connection with
    /// the flight recorder and later attempts at Information. Kept, at Debug, for whoever wants both.
    /// </summary>
    private static bool IsSerialFailureReportedBySupervisor(LogEvent log) =>
        log.LogClass is { } type && typeof(SupervisorStrategy).IsAssignableFrom(type)
        && log.LogSource.EndsWith("/" + SerialLink.ChildName, StringComparison.Ordinal);
}
