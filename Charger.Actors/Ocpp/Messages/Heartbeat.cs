namespace Charger.Actors.Ocpp.Messages;

public sealed record HeartbeatRequest
{
    public const string Action = "Heartbeat";
}

public sealed record HeartbeatResponse(DateTimeOffset CurrentTime);
