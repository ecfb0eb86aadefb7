namespace Charger.Actors.Ocpp.Messages;

/// <param name="ErrorCode">ChargePointErrorCode: NoError, GroundFailure, OtherError, ...</param>
/// <param name="Status">ChargePointStatus: Available, Preparing, Charging, SuspendedEVSE, SuspendedEV, Finishing, Reserved, Unavailable, Faulted.</param>
public sealed record StatusNotificationRequest(
    int ConnectorId,
    string ErrorCode,
    string Status,
    DateTimeOffset? Timestamp = null,
    string? Info = null,
    string? VendorId = null,
    string? VendorErrorCode = null)
{
    public const string Action = "StatusNotification";
}

public sealed record StatusNotificationResponse;
