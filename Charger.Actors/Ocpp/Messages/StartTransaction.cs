namespace Charger.Actors.Ocpp.Messages;

public sealed record StartTransactionRequest(int ConnectorId, string IdTag, int MeterStart, DateTimeOffset Timestamp, int? ReservationId = null)
{
    public const string Action = "StartTransaction";
}

public sealed record StartTransactionResponse(IdTagInfo IdTagInfo, int TransactionId);
