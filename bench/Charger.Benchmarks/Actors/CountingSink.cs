using Akka.Actor;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks.Actors;

/// <summary>Counts the pings it gets and signals the latch on <see cref="Flush"/>; it never replies, so only Tell is measured.</summary>
public sealed class CountingSink : ReceiveActor
{
    private long _count; // a trivial side effect, so the handler is not empty

    public CountingSink(CompletionLatch latch)
    {
        Receive<Ping>(_ => _count++);
        Receive<Flush>(_ => latch.Signal());
    }
}
