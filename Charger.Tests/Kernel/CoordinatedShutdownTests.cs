using System.Collections.Concurrent;
using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class CoordinatedShutdownTests : ActorTestBase
{
    [Fact]
    public void The_default_phases_run_in_Akkas_order()
    {
        Assert.Equal(
            [
                CoordinatedShutdown.PhaseBeforeServiceUnbind, CoordinatedShutdown.PhaseServiceUnbind,
                CoordinatedShutdown.PhaseServiceRequestsDone, CoordinatedShutdown.PhaseServiceStop,
                CoordinatedShutdown.PhaseBeforeActorSystemTerminate, CoordinatedShutdown.PhaseActorSystemTerminate,
            ],
            Sys.CoordinatedShutdown.OrderedPhases);
    }

    [Fact]
    public async Task Tasks_run_phase_by_phase_and_the_system_terminates_last()
    {
        var log = new ConcurrentQueue<string>();
        var cs = Sys.CoordinatedShutdown;
        var probe = CreateProbe();
        var actor = Sys.ActorOf(Props.Create<TestActors.Echo>());
        probe.Watch(actor);
        // Added in reverse order on purpose: phases, not registration, decide.
        cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "close-port", _ => Record(log, "service-stop"));
        cs.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "drain", _ => Record(log, "requests-done"));
        cs.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "unbind", _ => Record(log, "unbind"));
        cs.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "check-alive", _ =>
        {
            log.Enqueue($"actors-alive:{!Sys.WhenTerminated.IsCompleted}");
            return Task.CompletedTask;
        });
        await cs.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["unbind", "requests-done", "service-stop", "actors-alive:True"], log);
        Assert.True(Sys.WhenTerminated.IsCompleted);
        probe.ExpectTerminated(actor);
        Assert.IsType<CoordinatedShutdown.UnknownReason>(cs.ShutdownReason);
    }

    private static async Task Record(ConcurrentQueue<string> log, string entry)
    {
        await Task.Yield();
        log.Enqueue(entry);
    }

    [Fact]
    public async Task Run_is_idempotent()
    {
        var runs = 0;
        Sys.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "count", _ =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        });
        var first = Sys.CoordinatedShutdown.Run(CoordinatedShutdown.ClrExitReason.Instance);
        var second = Sys.CoordinatedShutdown.Run(CoordinatedShutdown.UnknownReason.Instance);
        Assert.Same(first, second);
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, runs);
        Assert.IsType<CoordinatedShutdown.ClrExitReason>(Sys.CoordinatedShutdown.ShutdownReason);
        Assert.Same(first, Sys.Terminate());
    }

    [Fact]
    public async Task Tasks_within_a_phase_run_in_parallel()
    {
        var bothStarted = new CountdownEvent(2);
        Func<CancellationToken, Task> task = _ => Task.Run(() =>
        {
            bothStarted.Signal();
            // Each waits for the other: only parallel execution lets both finish.
            if (!bothStarted.Wait(TimeSpan.FromSeconds(5))) throw new TimeoutException("not parallel");
        });
        var failed = false;
        Sys.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "a", task);
        Sys.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "b", task);
        Sys.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "check", _ =>
        {
            failed = !bothStarted.IsSet;
            return Task.CompletedTask;
        });
        await Sys.CoordinatedShutdown.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(failed);
    }

    [Fact]
    public async Task A_phase_that_hangs_ends_at_its_timeout_on_the_systems_clock_and_shutdown_goes_on()
    {
        var cancelledByTimeout = new TaskCompletionSource<bool>();
        var later = new TaskCompletionSource();
        Sys.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "hang", async token =>
        {
            token.Register(() => cancelledByTimeout.TrySetResult(true));
            await Task.Delay(Timeout.InfiniteTimeSpan, CancellationToken.None);
        });
        Sys.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "later", _ =>
        {
            later.TrySetResult();
            return Task.CompletedTask;
        });
        var run = Sys.CoordinatedShutdown.Run(CoordinatedShutdown.UnknownReason.Instance);
        await Task.Delay(50);
        Assert.False(later.Task.IsCompleted);
        TestProbe.AwaitAssert(() =>
        {
            Time.Advance(TimeSpan.FromSeconds(1)); // the phase timeout is 5 s of the manual clock
            Assert.True(later.Task.IsCompleted);
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
        Assert.True(await cancelledByTimeout.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_failing_task_in_a_recovering_phase_does_not_stop_the_shutdown()
    {
        var later = false;
        Sys.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "boom", _ => throw new InvalidOperationException("boom"));
        Sys.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "later", _ =>
        {
            later = true;
            return Task.CompletedTask;
        });
        await Sys.CoordinatedShutdown.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(later);
    }

    [Fact]
    public async Task A_failing_phase_without_recover_aborts_the_remaining_phases()
    {
        var phases = new Dictionary<string, ShutdownPhase>(CoordinatedShutdown.DefaultPhases)
        {
            [CoordinatedShutdown.PhaseServiceUnbind] = new(TimeSpan.FromSeconds(5), [CoordinatedShutdown.PhaseBeforeServiceUnbind], Recover: false),
        };
        // Not disposed: its shutdown is the aborted run under test, so it can never terminate.
        var system = ActorSystem.Create("strict", new ActorSystemSettings { ShutdownPhases = phases });
        var later = false;
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "boom", _ => throw new InvalidOperationException("boom"));
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "later", _ =>
        {
            later = true;
            return Task.CompletedTask;
        });
        var e = await Assert.ThrowsAsync<TimeoutException>(() => system.CoordinatedShutdown.Run(CoordinatedShutdown.UnknownReason.Instance));
        Assert.Contains("service-unbind", e.Message);
        Assert.False(later);
        Assert.False(system.WhenTerminated.IsCompleted);
    }

    [Fact]
    public void Unknown_phases_and_cycles_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Sys.CoordinatedShutdown.AddTask("no-such-phase", "x", _ => Task.CompletedTask));
        var cyclic = new Dictionary<string, ShutdownPhase>
        {
            ["a"] = new(TimeSpan.FromSeconds(1), "b"),
            ["b"] = new(TimeSpan.FromSeconds(1), "a"),
            [CoordinatedShutdown.PhaseActorSystemTerminate] = new(TimeSpan.FromSeconds(1), "a"),
        };
        var e = Assert.Throws<ArgumentException>(() => ActorSystem.Create("cyclic", new ActorSystemSettings { ShutdownPhases = cyclic }));
        Assert.Contains("cycle", e.Message);
    }

    [Fact]
    public async Task Creating_actors_while_the_system_terminates_never_leaves_an_orphan_that_blocks_termination()
    {
        for (var round = 0; round < 20; round++)
        {
            var system = ActorSystem.Create("racing");
            using var go = new ManualResetEventSlim();
            var creator = Task.Run(() =>
            {
                go.Wait();
                for (var i = 0; i < 2_000; i++)
                {
                    try
                    {
                        system.ActorOf(Props.Create<TestActors.Echo>());
                    }
                    catch (IllegalActorStateException)
                    {
                        return; // the guardian is stopping: a clear refusal
                    }
                }
            });
            go.Set();
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
            await creator.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(system.WhenTerminated.IsCompleted);
        }
    }

    [Fact]
    public async Task Tasks_cannot_be_added_once_shutdown_has_started()
    {
        var run = Sys.CoordinatedShutdown.Run(CoordinatedShutdown.UnknownReason.Instance);
        Assert.Throws<InvalidOperationException>(() =>
            Sys.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "late", _ => Task.CompletedTask));
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
