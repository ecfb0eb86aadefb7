using Charger.Actors.Kernel;
using Charger.Actors.Kernel.Pattern;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

/// <summary>ActorSystem.Inspect: the supervision tree as operators see it, read from outside the actors.</summary>
public sealed class InspectionTests : ActorTestBase
{
    private IActorRef Spawn(IActorRef parent, Props props, string name) =>
        parent.Ask<IActorRef>(new TestActors.Spawn(props, name), TimeSpan.FromSeconds(3)).Result;

    private ActorNode Node(string path) =>
        Sys.Inspect().Find(path) ?? throw new Xunit.Sdk.XunitException($"{path} is not in the tree:\n{Describe(Sys.Inspect())}");

    private static string Describe(ActorNode node) =>
        string.Join("\n", node.DescendantsAndSelf().Select(n => $"{n.Path.Local} {n.ActorType} {n.State} {n.Restarts}"));

    [Fact]
    public void The_tree_lists_guardians_and_actors_with_their_types_in_name_order()
    {
        var probe = CreateProbe();
        var parent = Sys.ActorOf(Props.Create(() => new TestActors.Supervisor(SupervisorStrategy.DefaultStrategy)), "parent");
        // Two children start on their own threads: wait for each before the next, or the order is a race.
        Spawn(parent, Props.Create(() => new TestActors.Lifecycle(probe.Ref)), "b");
        probe.ExpectMsg("PreStart:b");
        Spawn(parent, Props.Create(() => new TestActors.Lifecycle(probe.Ref)), "a");
        probe.ExpectMsg("PreStart:a");

        var root = Sys.Inspect();
        Assert.Equal("/", root.Path.Local);
        Assert.Equal(["system", "user"], root.Children.Select(c => c.Path.Name));
        var node = Node("/user/parent");
        Assert.Equal(nameof(TestActors.Supervisor), node.ActorType);
        Assert.Equal(ActorState.Running, node.State);
        Assert.Equal(["a", "b"], node.Children.Select(c => c.Path.Name));
        Assert.All(node.Children, c =>
        {
            Assert.Equal(nameof(TestActors.Lifecycle), c.ActorType);
            Assert.Equal(ActorState.Running, c.State);
            Assert.Equal(0, c.Restarts);
            Assert.Null(c.LastFailure);
            Assert.Null(c.Backoff);
        });
        Assert.Null(Sys.Inspect().Find("/user/nobody"));
    }

    [Fact]
    public void A_restarted_child_shows_its_restarts_in_the_window_and_its_last_failure()
    {
        var probe = CreateProbe();
        var parent = Sys.ActorOf(Props.Create(() => new TestActors.Supervisor(
            new OneForOneStrategy(5, TimeSpan.FromMinutes(1), _ => Directive.Restart))), "parent");
        var child = Spawn(parent, Props.Create(() => new TestActors.Lifecycle(probe.Ref)), "child");
        probe.ExpectMsg("PreStart:child");

        var failedAt = Time.GetUtcNow();
        child.Tell(new TestActors.Fail(new IOException("disk on fire")));
        probe.FishForMessage<object>(m => m is "PreStart:child"); // after PreRestart and PostStop
        Time.Advance(TimeSpan.FromSeconds(10));
        child.Tell(new TestActors.Fail(new InvalidOperationException("again")));
        probe.FishForMessage<object>(m => m is "PreStart:child");

        var node = Node("/user/parent/child");
        Assert.Equal(ActorState.Running, node.State);
        Assert.Equal(2, node.Restarts);
        Assert.Equal(new ActorFailure(nameof(InvalidOperationException), "again", failedAt + TimeSpan.FromSeconds(10)), node.LastFailure);

        // Once the window has passed, no restart counts against it; the last failure stays visible.
        Time.Advance(TimeSpan.FromSeconds(51));
        node = Node("/user/parent/child");
        Assert.Equal(0, node.Restarts);
        Assert.Equal("again", node.LastFailure!.Message);
    }

    [Fact]
    public void Without_a_window_every_restart_counts()
    {
        var probe = CreateProbe();
        var parent = Sys.ActorOf(Props.Create(() => new TestActors.Supervisor(SupervisorStrategy.DefaultStrategy)), "parent");
        var child = Spawn(parent, Props.Create(() => new TestActors.Lifecycle(probe.Ref)), "child");
        probe.ExpectMsg("PreStart:child");
        for (var i = 0; i < 3; i++)
        {
            child.Tell(new TestActors.Fail(new InvalidOperationException($"fail {i}")));
            probe.FishForMessage<object>(m => m is "PreStart:child");
        }
        Time.Advance(TimeSpan.FromDays(1));
        var node = Node("/user/parent/child");
        Assert.Equal(3, node.Restarts);
        Assert.Equal("fail 2", node.LastFailure!.Message);
    }

    [Fact]
    public void A_child_that_was_told_to_stop_shows_stopping_until_it_has_gone()
    {
        using var gate = new ManualResetEventSlim();
        var probe = CreateProbe();
        var parent = Sys.ActorOf(Props.Create(() => new TestActors.Supervisor(SupervisorStrategy.DefaultStrategy)), "parent");
        Spawn(parent, Props.Create(() => new TestActors.Gated(gate, probe.Ref)), "busy").Tell("work");
        probe.ExpectMsg("blocked");

        probe.Watch(parent);
        Sys.Stop(parent);
        TestProbe.AwaitAssert(() => Assert.Equal(ActorState.Stopping, Node("/user/parent").State));
        Assert.Equal(ActorState.Stopping, Node("/user/parent/busy").State); // asked, still busy with its message

        gate.Set();
        probe.FishForMessage<object>(m => m is Terminated);
        Assert.Null(Sys.Inspect().Find("/user/parent"));
    }

    [Fact]
    public void A_backoff_supervisor_shows_its_pending_restart_and_the_childs_last_failure()
    {
        var probe = CreateProbe();
        var childProps = Props.Create(() => new TestActors.Lifecycle(probe.Ref));
        var backoff = Sys.ActorOf(Backoff.OnFailure(childProps, "worker", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0)
            .Props(), "link");
        probe.ExpectMsg("PreStart:worker");
        Assert.Equal(new BackoffStatus(0, null, null, null), Node("/user/link").Backoff);

        var child = Node("/user/link/worker");
        var failedAt = Time.GetUtcNow();
        Sys.Lookup("/user/link/worker").Tell(new TestActors.Fail(new IOException("hang-up")));
        TestProbe.AwaitAssert(() => Assert.True(Node("/user/link").Backoff!.IsBackingOff));

        var status = Node("/user/link").Backoff!;
        Assert.Equal(1, status.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(1), status.CurrentDelay);
        Assert.Equal(failedAt + TimeSpan.FromSeconds(1), status.NextAttemptAt);
        Assert.Equal(new ActorFailure(nameof(IOException), "hang-up", failedAt), status.LastChildFailure);
        Assert.Empty(Node("/user/link").Children);

        Time.Advance(TimeSpan.FromSeconds(1));
        probe.FishForMessage<object>(m => m is "PreStart:worker");
        TestProbe.AwaitAssert(() => Assert.False(Node("/user/link").Backoff!.IsBackingOff));
        status = Node("/user/link").Backoff!;
        Assert.Equal(1, status.Attempts);
        Assert.Null(status.CurrentDelay);
        Assert.Equal("hang-up", status.LastChildFailure!.Message);
        Assert.Equal(ActorState.Running, Node("/user/link/worker").State);
        Assert.Equal(child.Path, Node("/user/link/worker").Path);
        _ = backoff;
    }

    [Fact]
    public async Task Inspecting_from_other_threads_while_actors_fail_and_restart_is_safe()
    {
        var parent = Sys.ActorOf(Props.Create(() => new TestActors.Supervisor(SupervisorStrategy.DefaultStrategy)), "parent");
        var children = Enumerable.Range(0, 8)
            .Select(i => Spawn(parent, Props.Create(() => new TestActors.Lifecycle(ActorRefs.Nobody)), $"c{i}"))
            .ToArray();

        using var stop = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inspector = Task.Run(() =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                var tree = Sys.Inspect();
                Assert.NotNull(tree.Find("/user/parent"));
                Assert.All(tree.DescendantsAndSelf(), n => Assert.True(Enum.IsDefined(n.State)));
                reads++;
                reading.TrySetResult();
                Thread.Yield(); // two shared cores: leave room for the actors and the other tests
            }
            return reads;
        });
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(10));

        const int failures = 50;
        foreach (var child in children)
            for (var i = 0; i < failures; i++) child.Tell(new TestActors.Fail(new InvalidOperationException($"f{i}")));

        TestProbe.AwaitAssert(() =>
        {
            var node = Node("/user/parent");
            Assert.All(node.Children, c => Assert.Equal(failures, c.Restarts));
            Assert.All(node.Children, c => Assert.Equal(ActorState.Running, c.State));
        }, TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        Assert.True(await inspector > 0);
        Assert.All(Node("/user/parent").Children, c => Assert.Equal($"f{failures - 1}", c.LastFailure!.Message));
    }
}
