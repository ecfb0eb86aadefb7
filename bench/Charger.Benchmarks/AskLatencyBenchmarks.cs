using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Akka.Actor;
using Charger.Benchmarks.Actors;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks;

/// <summary>
/// Ask round trip to an actor that replies at once: create the promise (and its timeout timer), Tell,
/// the echo's turn on the thread pool, the reply completing the task, and the caller resuming.
/// </summary>
/// <remarks>
/// Two callers, because they resume differently. A blocked caller (<see cref="AskAndBlock"/>) is woken
/// directly when the reply completes the task. An awaiting caller (<see cref="AskAndAwait"/>) resumes
/// on the thread pool, one more hop, because the promise's task runs continuations asynchronously so the
/// asker never runs inside the replier's turn. Ask is one request at a time here: it is latency, not
/// throughput. The P50/P95 columns are percentiles of per-iteration means; exact per-Ask percentiles
/// come from <c>Program.cs ask-latency</c> (<see cref="AskLatencyProbe"/>).
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class AskLatencyBenchmarks
{
    /// <summary>Sequential asks per invocation of the awaiting benchmark (amortizes the benchmark harness's own await).</summary>
    public const int AsksPerInvoke = 1_000;

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    private ActorSystem? _system;
    private IActorRef? _echo;

    [GlobalSetup]
    public void Setup()
    {
        _system = BenchSystem.Create("ask-latency");
        _echo = _system.ActorOf(Props.Create(() => new EchoActor()), "echo");
    }

    /// <summary>One Ask from a blocked (non-pool) thread: what a synchronous caller waits.</summary>
    [Benchmark(Baseline = true)]
    public Pong AskAndBlock() => _echo!.Ask<Pong>(Ping.Instance, AskTimeout).GetAwaiter().GetResult();

    /// <summary>Sequential awaited asks, as an async caller (an HTTP handler, say) does them.</summary>
    [Benchmark(OperationsPerInvoke = AsksPerInvoke)]
    public async Task AskAndAwait()
    {
        var echo = _echo!;
        for (var i = 0; i < AsksPerInvoke; i++)
            await echo.Ask<Pong>(Ping.Instance, AskTimeout).ConfigureAwait(false);
    }

    /// <summary>
    /// The Ask machinery without any message or thread hop, built as Akka's Ask builds it: create the promise
    /// (task, timeout timer, temporary <see cref="FutureActorRef{T}"/> registered with the provider), complete it
    /// directly with the reply, read the result, unregister. The difference to the two benchmarks above is the
    /// cost of the Tell, the echo's turn and the caller's wake-up.
    /// </summary>
    [Benchmark]
    public Pong PromiseOnly()
    {
        var provider = ((ExtendedActorSystem)_system!).Provider;
        var result = new TaskCompletionSource<Pong>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timeout = new CancellationTokenSource();
        using var onTimeout = timeout.Token.Register(() => result.TrySetException(new AskTimeoutException("timed out")));
        timeout.CancelAfter(AskTimeout);
        var promise = provider.CreateFutureRef(result);
        provider.RegisterTempActor(promise, promise.Path);
        promise.Tell(Pong.Instance, _echo);
        var pong = result.Task.GetAwaiter().GetResult();
        provider.UnregisterTempActor(promise.Path);
        return pong;
    }

    [GlobalCleanup]
    public void Cleanup() => BenchSystem.Terminate(_system);

    /// <summary>Adds median and 95th-percentile columns to the default statistics.</summary>
    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig() => AddColumn(StatisticColumn.P50, StatisticColumn.P95);
    }
}
