namespace Charger.Actors.Ocpp.Messages;

public sealed record ClearCacheRequest
{
    public const string Action = "ClearCache";
}
