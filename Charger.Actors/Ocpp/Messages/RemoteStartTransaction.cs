using System.Text.Json.Nodes;

namespace Charger.Actors.Ocpp.Messages;

public sealed record RemoteStartTransactionRequest(string IdTag, int? ConnectorId = null, JsonObject? ChargingProfile = null)
{
    public const string Action = "RemoteStartTransaction";
}

/// <summary>Also the answer of every request whose status is Accepted or Rejected.</summary>
public sealed record StatusResponse(string Status)
{
    public static readonly StatusResponse Accepted = new("Accepted");
    public static readonly StatusResponse Rejected = new("Rejected");
}
