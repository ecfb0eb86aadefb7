namespace Charger.Actors.Ocpp.Messages;

public sealed record BootNotificationRequest(
    string ChargePointVendor,
    string ChargePointModel,
    string? ChargePointSerialNumber = null,
    string? ChargeBoxSerialNumber = null,
    string? FirmwareVersion = null)
{
    public const string Action = "BootNotification";
}

/// <param name="Status">Accepted, Pending or Rejected.</param>
/// <param name="Interval">Accepted: the heartbeat interval; Pending/Rejected: seconds before the next BootNotification.</param>
public sealed record BootNotificationResponse(string Status, DateTimeOffset CurrentTime, int Interval);
