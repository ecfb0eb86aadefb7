namespace Charger.Actors.Ocpp.Messages;

/// <param name="Reason">EmergencyStop, EVDisconnected, HardReset, Local, Other, PowerLoss, Reboot, Remote, SoftReset, UnlockCommand, DeAuthorized.</param>
public sealed record StopTransactionRequest(
    int TransactionId,
    int MeterStop,
    DateTimeOffset Timestamp,
    string? IdTag = null,
    string? Reason = null,
    IReadOnlyList<MeterValue>? TransactionData = null)
{
    public const string Action = "StopTransaction";
}

public sealed record StopTransactionResponse(IdTagInfo? IdTagInfo = null);
