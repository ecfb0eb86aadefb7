using Charger.Actors.Kernel;

namespace Charger.Tests.TestKit;

/// <summary>
/// Base for actor tests: a fresh system per test (xunit creates one instance per test), with a
/// manual clock, terminated after the test.
/// </summary>
public abstract class ActorTestBase : IAsyncDisposable
{
    protected ActorTestBase(bool manualTime = true, int throughput = 30)
    {
        Time = new ManualTimeProvider();
        Sys = ActorSystem.Create("test", new ActorSystemSettings
        {
            TimeProvider = manualTime ? Time : TimeProvider.System,
            Throughput = throughput,
        });
    }

    protected ManualTimeProvider Time { get; }

    protected ActorSystem Sys { get; }

    protected TestProbe CreateProbe(string? name = null) => new(Sys, name);

    public async ValueTask DisposeAsync()
    {
        // Phase timeouts run on the manual clock; keep it moving so shutdown cannot hang the test.
        var terminate = Sys.Terminate();
        while (!terminate.IsCompleted)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(terminate, Task.Delay(10));
        }
        await terminate;
        GC.SuppressFinalize(this);
    }
}
