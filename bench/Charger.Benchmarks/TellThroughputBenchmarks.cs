using BenchmarkDotNet.Attributes;
using Akka.Actor;
using Charger.Benchmarks.Actors;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks;

/// <summary>
/// Tell throughput between actors: <see cref="Pairs"/> independent ping-pong pairs (client + echo) run a
/// round of <see cref="MessagesPerInvoke"/> messages in total (pings plus pongs, over all pairs), each
/// pair keeping <see cref="InFlight"/> pings outstanding. One "operation" is one delivered message, so
/// BenchmarkDotNet's Op/s column is messages per second in aggregate and Allocated is bytes per message.
/// </summary>
/// <remarks>
/// One pair shows the cost of a message when two actors hand work back and forth; many pairs show how
/// the mailbox scheduling scales on the thread pool (on this 2-core machine, beyond 2 pairs it can only
/// gain from fuller batches, not from more cores). Messages are preallocated, so the numbers are
/// Akka's: enqueue, schedule, dequeue, dispatch to the typed handler.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(MessagesPerSecondConfig))]
public class TellThroughputBenchmarks
{
    /// <summary>Pings plus pongs per benchmark invocation, all pairs together (divisible by 2 × every Pairs value).</summary>
    public const int MessagesPerInvoke = 1_000_000;

    private ActorSystem? _system;
    private CompletionLatch? _latch;
    private IActorRef[] _clients = [];
    private PingPongRound? _round;

    [Params(1, 2, 8, 32)]
    public int Pairs { get; set; }

    /// <summary>Unanswered pings per pair: 10 is a light load, 100 lets every turn use its full throughput batch.</summary>
    [Params(10, 100)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = BenchSystem.Create("tell-throughput");
        _latch = new CompletionLatch();
        _clients = new IActorRef[Pairs];
        for (var i = 0; i < Pairs; i++)
        {
            var echo = _system.ActorOf(Props.Create(() => new EchoActor()), $"echo-{i}");
            var latch = _latch;
            _clients[i] = _system.ActorOf(Props.Create(() => new PingPongClient(echo, latch)), $"client-{i}");
        }
        // Each ping is answered by one pong: a pair's share of the messages is twice its pings.
        _round = new PingPongRound(MessagesPerInvoke / Pairs / 2, InFlight);
    }

    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public void PingPong()
    {
        _latch!.Reset(_clients.Length);
        foreach (var client in _clients) client.Tell(_round!, ActorRefs.NoSender);
        _latch.Wait(BenchSystem.RoundTimeout);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        BenchSystem.Terminate(_system);
        _latch?.Dispose();
    }
}
