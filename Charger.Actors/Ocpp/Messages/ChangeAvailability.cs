namespace Charger.Actors.Ocpp.Messages;

/// <param name="Type">Inoperative or Operative. Answered Accepted, Rejected or Scheduled (after the transaction in progress).</param>
public sealed record ChangeAvailabilityRequest(int ConnectorId, string Type)
{
    public const string Action = "ChangeAvailability";
}
