namespace Charger.Actors.Ocpp.Messages;

public sealed record RemoteStopTransactionRequest(int TransactionId)
{
    public const string Action = "RemoteStopTransaction";
}
