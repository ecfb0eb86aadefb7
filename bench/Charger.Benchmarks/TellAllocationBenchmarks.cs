using BenchmarkDotNet.Attributes;
using Akka.Actor;
using Charger.Benchmarks.Actors;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks;

/// <summary>
/// Bytes allocated per Tell. The benchmark thread Tells <see cref="TellsPerInvoke"/> messages to one
/// actor, then a <see cref="Flush"/>, and waits until the actor has processed them all, so the
/// allocations of the whole path (enqueue, scheduling on the thread pool, dispatch) fall inside the
/// measurement. The memory diagnoser counts every thread's allocations (GC.GetTotalAllocatedBytes),
/// not only the benchmark thread's.
/// </summary>
/// <remarks>
/// Goal: nothing beyond the message and its envelope. Akka's Envelope is a struct stored inside the
/// default mailbox's ConcurrentQueue segments, which are reused ring buffers once warmed up, so
/// <see cref="TellPreallocatedMessage"/> shows what Akka allocates per Tell by itself (ideally ~0 B/op);
/// <see cref="TellFreshMessage"/> allocates one 24-byte message per Tell on top of that.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(MessagesPerSecondConfig))]
public class TellAllocationBenchmarks
{
    public const int TellsPerInvoke = 100_000;

    private ActorSystem? _system;
    private CompletionLatch? _latch;
    private IActorRef? _sink;

    [GlobalSetup]
    public void Setup()
    {
        _system = BenchSystem.Create("tell-allocation");
        var latch = _latch = new CompletionLatch();
        _sink = _system.ActorOf(Props.Create(() => new CountingSink(latch)), "sink");
    }

    /// <summary>Akka's own cost: the same message object every time.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = TellsPerInvoke)]
    public void TellPreallocatedMessage()
    {
        _latch!.Reset(1);
        var sink = _sink!;
        for (var i = 0; i < TellsPerInvoke; i++) sink.Tell(Ping.Instance, ActorRefs.NoSender);
        sink.Tell(Flush.Instance, ActorRefs.NoSender);
        _latch.Wait(BenchSystem.RoundTimeout);
    }

    /// <summary>A new message per Tell, as application code usually does: expect exactly the message's size.</summary>
    [Benchmark(OperationsPerInvoke = TellsPerInvoke)]
    public void TellFreshMessage()
    {
        _latch!.Reset(1);
        var sink = _sink!;
        for (var i = 0; i < TellsPerInvoke; i++) sink.Tell(new Ping(), ActorRefs.NoSender);
        sink.Tell(Flush.Instance, ActorRefs.NoSender);
        _latch.Wait(BenchSystem.RoundTimeout);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        BenchSystem.Terminate(_system);
        _latch?.Dispose();
    }
}
