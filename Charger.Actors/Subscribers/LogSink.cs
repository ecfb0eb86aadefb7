using Charger.Actors.Charging;
using Microsoft.Extensions.Logging;

namespace Charger.Actors.Subscribers;

/// <summary>
/// Writes each charger event as one structured log line. Events are transitions, not status
/// polls, so this stays a handful of lines per charge. Faults and a lost link are warnings.
/// </summary>
public sealed class LogSink(ILogger logger) : IEventSink
{
    public Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken)
    {
        logger.Log(LevelOf(evt.Type),
            "Charger {ChargerId} event #{Sequence} {EventType} {FromState}->{ToState} {EventMessage}",
            evt.ChargerId, evt.Sequence, evt.Type, evt.FromState, evt.ToState, evt.Message);
        return Task.CompletedTask;
    }

    private static LogLevel LevelOf(ChargerEventType type) => type switch
    {
        ChargerEventType.FaultDetected or ChargerEventType.LinkDown or ChargerEventType.StatusStale
            or ChargerEventType.FirmwareError or ChargerEventType.FirmwareWarning
            or ChargerEventType.LeftoverAuthorization or ChargerEventType.AlertFired => LogLevel.Warning,
        _ => LogLevel.Information,
    };
}
