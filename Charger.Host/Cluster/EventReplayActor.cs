using Akka.Actor;
using Charger.Actors.Subscribers;

namespace Charger.Host.Cluster;

/// <summary>
/// <c>/user/event-replay</c>: answers another node's <see cref="Request"/> for this node's chargers' kept events from this
/// node's <see cref="ChargerEventHub"/>, the one replay buffer that has every event of its own chargers since it started.
/// A live stream resuming on another node asks here, so a client can reconnect to any node without a gap.
/// </summary>
public sealed class EventReplayActor : ReceiveActor
{
    public const string Name = "event-replay";

    /// <summary>The events of <paramref name="ChargerId"/> after its sequence <paramref name="After"/> (null: all kept); answered with a <see cref="ChargerReplay"/>.</summary>
    public sealed record Request(string ChargerId, long? After);

    public EventReplayActor(ChargerEventHub hub)
    {
        // The user id stays on the owning node, as on the live path (SiteEventSink).
        Receive<Request>(request =>
        {
            var replay = hub.ReplayOf(request.ChargerId, request.After);
            Sender.Tell(replay with { Events = [.. replay.Events.Select(e => e with { UserId = null })] });
        });
    }

    public static Props Props(ChargerEventHub hub) => Akka.Actor.Props.Create(() => new EventReplayActor(hub));
}
