using Akka.Actor;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks.Actors;

/// <summary>Starts one round: send <see cref="Pings"/> pings in total, keeping at most <see cref="InFlight"/> unanswered.</summary>
public sealed class PingPongRound(int pings, int inFlight)
{
    public int Pings { get; } = pings;

    public int InFlight { get; } = inFlight;
}

/// <summary>
/// The client side of a ping-pong pair, like Akka's PingPong benchmark: it primes the echo actor with
/// <c>InFlight</c> pings and sends a new one for each pong until the round's pings are all answered,
/// then signals the latch. Several messages in flight let both mailboxes batch (up to the dispatcher
/// throughput per turn) instead of paying one thread-pool hop per message.
/// </summary>
public sealed class PingPongClient : ReceiveActor
{
    private readonly IActorRef _echo;
    private readonly CompletionLatch _latch;
    private int _toSend;
    private int _toReceive;

    public PingPongClient(IActorRef echo, CompletionLatch latch)
    {
        _echo = echo;
        _latch = latch;
        // Pong first: it is the hot path and handlers are tried in registration order.
        Receive<Pong>(_ => OnPong());
        Receive<PingPongRound>(Start);
    }

    private void Start(PingPongRound round)
    {
        _toSend = round.Pings;
        _toReceive = round.Pings;
        var prime = Math.Min(round.InFlight, round.Pings);
        for (var i = 0; i < prime; i++) SendPing();
    }

    private void OnPong()
    {
        if (_toSend > 0) SendPing();
        if (--_toReceive == 0) _latch.Signal();
    }

    private void SendPing()
    {
        _toSend--;
        _echo.Tell(Ping.Instance, Self);
    }
}
