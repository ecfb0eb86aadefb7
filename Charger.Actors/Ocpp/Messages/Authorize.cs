namespace Charger.Actors.Ocpp.Messages;

public sealed record AuthorizeRequest(string IdTag)
{
    public const string Action = "Authorize";
}

public sealed record AuthorizeResponse(IdTagInfo IdTagInfo);
