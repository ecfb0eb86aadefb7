namespace Charger.Actors.Ocpp.Messages;

/// <param name="RequestedMessage">BootNotification, DiagnosticsStatusNotification, FirmwareStatusNotification, Heartbeat, MeterValues or StatusNotification.</param>
public sealed record TriggerMessageRequest(string RequestedMessage, int? ConnectorId = null)
{
    public const string Action = "TriggerMessage";
}
