namespace Charger.Actors.Ocpp.Messages;

/// <summary>Answered Unlocked, UnlockFailed or NotSupported.</summary>
public sealed record UnlockConnectorRequest(int ConnectorId)
{
    public const string Action = "UnlockConnector";
}
