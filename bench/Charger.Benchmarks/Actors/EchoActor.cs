using Akka.Actor;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks.Actors;

/// <summary>Answers every <see cref="Ping"/> with the preallocated <see cref="Pong"/>: the cheapest possible reply.</summary>
public sealed class EchoActor : ReceiveActor
{
    public EchoActor() => Receive<Ping>(_ => Sender.Tell(Pong.Instance, Self));
}
