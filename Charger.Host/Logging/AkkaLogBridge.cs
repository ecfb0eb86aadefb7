using Akka.Actor;
using Akka.Event;
using Akka.Hosting.Logging;
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
        if (!logger.IsEnabled(level)) return;
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["ActorPath"] = log.LogSource });
        if (log.Message is LogMessage message)
            logger.Log(level, log.Cause, message.Format, [.. message.Parameters()]);
        else
            logger.Log(level, log.Cause, "{Message}", log.Message?.ToString());
    }
}
