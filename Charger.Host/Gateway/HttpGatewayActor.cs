using Akka.Actor;
using Charger.Actors.Station;

namespace Charger.Host.Gateway;

/// <summary>
/// <c>/user/gateway</c>: where HTTP requests enter the actor system. It finds the charger by id
/// (or the default charger) and forwards the request, so the charger's reply goes straight back
/// to the asking request; an unknown id is answered here.
/// </summary>
public sealed class HttpGatewayActor : ReceiveActor
{
    public const string Name = "gateway";

    /// <summary>Deliver <paramref name="Message"/> to charger <paramref name="ChargerId"/> (null: the default charger).</summary>
    public sealed record ToCharger(string? ChargerId, object Message);

    /// <summary>No charger has that id.</summary>
    public sealed record UnknownCharger(string? ChargerId);

    public HttpGatewayActor(ChargerRegistry registry)
    {
        Receive<ToCharger>(request =>
        {
            var handle = request.ChargerId is null ? registry.Default : registry.TryGet(request.ChargerId, out var found) ? found : null;
            if (handle is null) Sender.Tell(new UnknownCharger(request.ChargerId));
            else handle.Supervisor.Forward(request.Message);
        });
    }
}
