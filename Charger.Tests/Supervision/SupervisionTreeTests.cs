using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Pattern;
using Charger.Actors.Serial;
using Charger.Actors.Supervision;
using Charger.Tests.TestKit;

namespace Charger.Tests.Supervision;

/// <summary>
/// <see cref="SupervisionTree.Inspect"/> over an Akka system: the tree as operators see it (<c>/api/system/actors</c>),
/// read from outside the actors, with the failures <see cref="RecordingOneForOneStrategy"/> and the serial link's
/// decider wrote to the <see cref="SupervisionRecorder"/>.
/// </summary>
public sealed class SupervisionTreeTests : ActorTestBase
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    private sealed record Fail(Exception Error);

    private sealed record Spawn(Props Props, string Name);

    /// <summary>A parent with the given strategy that creates the children it is told to, and can be held busy.</summary>
    private sealed class Parent : ReceiveActor
    {
        private readonly SupervisorStrategy _strategy;

        public Parent(SupervisorStrategy strategy)
        {
            _strategy = strategy;
            Receive<Spawn>(s => Sender.Tell(Context.ActorOf(s.Props, s.Name)));
            Receive<ManualResetEventSlim>(gate =>
            {
                Sender.Tell("parent busy");
                gate.Wait(TimeSpan.FromSeconds(10));
            });
        }

        protected override SupervisorStrategy SupervisorStrategy() => _strategy;
    }

    /// <summary>Fails on <see cref="Fail"/>; reports each start as "started:name".</summary>
    private sealed class Child : ReceiveActor
    {
        private readonly IActorRef _probe;

        public Child(IActorRef probe)
        {
            _probe = probe;
            Receive<Fail>(f => throw f.Error);
        }

        protected override void PreStart() => _probe.Tell($"started:{Self.Path.Name}");
    }

    /// <summary>Fails in PreStart the first time only (Akka wraps that in an ActorInitializationException).</summary>
    private sealed class FailsFirstStart(StrongBox<int> starts, IActorRef probe) : ReceiveActor
    {
        protected override void PreStart()
        {
            if (Interlocked.Increment(ref starts.Value) == 1) throw new InvalidOperationException("port busy");
            probe.Tell("started");
        }
    }

    private IActorRef NewParent(SupervisorStrategy strategy, string name = "parent") =>
        Sys.ActorOf(Props.Create(() => new Parent(strategy)), name);

    private static Task<IActorRef> SpawnAsync(IActorRef parent, Props props, string name) =>
        parent.Ask<IActorRef>(new Spawn(props, name), AskTimeout);

    private ActorNode Node(string path) =>
        SupervisionTree.Inspect(Sys).Find(path) ?? throw new Xunit.Sdk.XunitException($"{path} is not in the tree:\n{Describe(SupervisionTree.Inspect(Sys))}");

    private static string Describe(ActorNode node) =>
        string.Join("\n", node.DescendantsAndSelf().Select(n => $"{n.LocalPath} {n.ActorType} {n.State} {n.Restarts}"));

    [Fact]
    public async Task The_tree_lists_guardians_and_actors_with_their_types_in_name_order()
    {
        var probe = CreateProbe();
        var parent = NewParent(new RecordingOneForOneStrategy(null, null, SupervisorStrategy.DefaultDecider));
        await SpawnAsync(parent, Props.Create(() => new Child(probe.Ref)), "b");
        await SpawnAsync(parent, Props.Create(() => new Child(probe.Ref)), "a");

        var root = SupervisionTree.Inspect(Sys);
        Assert.Equal("/", root.LocalPath);
        Assert.Equal(["system", "user"], root.Children.Select(c => c.Path.Name));
        var node = Node("/user/parent/"); // a trailing slash finds it too
        Assert.Equal("/user/parent", node.LocalPath);
        Assert.Equal(nameof(Parent), node.ActorType);
        Assert.Equal(ActorState.Running, node.State);
        Assert.Null(node.Backoff);
        Assert.Equal(["a", "b"], node.Children.Select(c => c.Path.Name));
        Assert.All(node.Children, c =>
        {
            Assert.Equal(nameof(Child), c.ActorType);
            Assert.Equal(ActorState.Running, c.State);
            Assert.Equal(0, c.Restarts);
            Assert.Null(c.LastFailure);
            Assert.Null(c.Backoff);
            Assert.Empty(c.Children);
        });
        Assert.Equal(["/user/parent", "/user/parent/a", "/user/parent/b"],
            Node("/user").DescendantsAndSelf().Select(n => n.LocalPath).Where(p => p.StartsWith("/user/", StringComparison.Ordinal)));
        Assert.Null(SupervisionTree.Inspect(Sys).Find("/user/nobody"));
    }

    [Fact]
    public async Task Restarts_and_the_last_failure_are_recorded_on_the_systems_clock()
    {
        var probe = CreateProbe();
        var parent = NewParent(new RecordingOneForOneStrategy(5, TimeSpan.FromMinutes(1), _ => Directive.Restart));
        var child = await SpawnAsync(parent, Props.Create(() => new Child(probe.Ref)), "child");
        probe.ExpectMsg("started:child");

        var failedAt = Time.GetUtcNow();
        child.Tell(new Fail(new IOException("disk on fire")));
        probe.ExpectMsg("started:child");
        Assert.Equal(new ActorFailure(nameof(IOException), "disk on fire", failedAt), Node("/user/parent/child").LastFailure);

        Time.Advance(TimeSpan.FromSeconds(10));
        child.Tell(new Fail(new InvalidOperationException("again")));
        probe.ExpectMsg("started:child");

        var node = Node("/user/parent/child");
        Assert.Equal(ActorState.Running, node.State);
        Assert.Equal(2, node.Restarts);
        Assert.Equal(new ActorFailure(nameof(InvalidOperationException), "again", failedAt + TimeSpan.FromSeconds(10)), node.LastFailure);
        Assert.Equal(0, Node("/user/parent").Restarts);
        Assert.Null(Node("/user/parent").LastFailure);
    }

    [Fact]
    public async Task Without_a_window_every_restart_counts()
    {
        var probe = CreateProbe();
        var parent = NewParent(new RecordingOneForOneStrategy(null, null, SupervisorStrategy.DefaultDecider));
        var child = await SpawnAsync(parent, Props.Create(() => new Child(probe.Ref)), "child");
        probe.ExpectMsg("started:child");
        for (var i = 0; i < 3; i++)
        {
            child.Tell(new Fail(new InvalidOperationException($"fail {i}")));
            probe.ExpectMsg("started:child");
        }
        var node = Node("/user/parent/child");
        Assert.Equal(3, node.Restarts);
        Assert.Equal("fail 2", node.LastFailure!.Message);
    }

    [Fact]
    public async Task A_failure_in_PreStart_is_recorded_as_its_cause()
    {
        var probe = CreateProbe();
        // Akka's default decider would stop it (ActorInitializationException); the subscribers' supervisor restarts.
        var parent = NewParent(new RecordingOneForOneStrategy(null, null, _ => Directive.Restart));
        var starts = new StrongBox<int>();
        await SpawnAsync(parent, Props.Create(() => new FailsFirstStart(starts, probe.Ref)), "port");
        probe.ExpectMsg("started"); // the restart

        var node = Node("/user/parent/port");
        Assert.Equal(1, node.Restarts);
        Assert.Equal(nameof(InvalidOperationException), node.LastFailure!.Type);
        Assert.Equal("port busy", node.LastFailure.Message);
    }

    [Fact]
    public async Task A_child_stopped_by_its_strategy_keeps_its_record_without_a_restart()
    {
        var probe = CreateProbe();
        var parent = NewParent(new RecordingOneForOneStrategy(null, null, e => e is IOException ? Directive.Stop : Directive.Restart));
        var child = await SpawnAsync(parent, Props.Create(() => new Child(probe.Ref)), "child");
        probe.ExpectMsg("started:child");
        child.Tell(new Fail(new InvalidOperationException("restart me")));
        probe.ExpectMsg("started:child");

        probe.Watch(child);
        child.Tell(new Fail(new IOException("stop me")));
        probe.ExpectTerminated(child);

        Assert.Equal(new FailureRecord(1, new ActorFailure(nameof(IOException), "stop me", Time.GetUtcNow())), Sys.Supervision().For(child.Path));
    }

    [Fact]
    public async Task A_child_over_its_restart_budget_is_stopped_and_the_refused_restart_is_not_counted()
    {
        var probe = CreateProbe();
        var parent = NewParent(new RecordingOneForOneStrategy(1, TimeSpan.FromMinutes(1), _ => Directive.Restart));
        var child = await SpawnAsync(parent, Props.Create(() => new Child(probe.Ref)), "child");
        probe.ExpectMsg("started:child");
        child.Tell(new Fail(new InvalidOperationException("first")));
        probe.ExpectMsg("started:child");

        probe.Watch(child);
        child.Tell(new Fail(new InvalidOperationException("second")));
        probe.ExpectTerminated(child);

        var record = Sys.Supervision().For(child.Path);
        Assert.Equal(1, record.Restarts);
        Assert.Equal("second", record.LastFailure!.Message);
    }

    [Fact]
    public async Task Akkas_own_strategies_record_nothing()
    {
        var probe = CreateProbe();
        var parent = NewParent(new OneForOneStrategy(null, null, _ => Directive.Restart));
        var child = await SpawnAsync(parent, Props.Create(() => new Child(probe.Ref)), "child");
        probe.ExpectMsg("started:child");
        child.Tell(new Fail(new InvalidOperationException("unrecorded")));
        probe.ExpectMsg("started:child");

        var node = Node("/user/parent/child");
        Assert.Equal(0, node.Restarts);
        Assert.Null(node.LastFailure);
    }

    [Fact]
    public async Task A_stopped_child_its_parent_has_not_yet_removed_shows_as_stopped()
    {
        var probe = CreateProbe();
        var gate = new ManualResetEventSlim();
        var parent = NewParent(new RecordingOneForOneStrategy(null, null, SupervisorStrategy.DefaultDecider));
        var child = await SpawnAsync(parent, Props.Create(() => new Child(probe.Ref)), "child");
        probe.ExpectMsg("started:child");

        // While the parent is busy it cannot take the child's death notice, so the stopped child stays among its children.
        parent.Tell(gate, probe.Ref);
        probe.ExpectMsg("parent busy");
        probe.Watch(child);
        child.Tell(PoisonPill.Instance);
        probe.ExpectTerminated(child);
        Assert.Equal(ActorState.Stopped, Node("/user/parent/child").State);
        Assert.Equal(ActorState.Running, Node("/user/parent").State);

        gate.Set();
        AwaitAssert(() => Assert.Null(SupervisionTree.Inspect(Sys).Find("/user/parent/child")));
    }

    [Fact]
    public async Task A_backoff_supervisor_shows_its_pending_restart_and_its_childs_failures()
    {
        var probe = CreateProbe();
        var childPath = ((ExtendedActorSystem)Sys).Guardian.Path / "link" / "worker";
        var recorder = Sys.Supervision();
        // As the serial link wires it (SerialLink.Props): the backoff supervisor's decider records each failure of its child.
        var decider = new OneForOneStrategy(-1, -1, e =>
        {
            recorder.Failed(childPath, e, restarted: true);
            return Directive.Restart;
        }, loggingEnabled: false);
        Sys.ActorOf(BackoffSupervisor.Props(Backoff.OnFailure(Props.Create(() => new Child(probe.Ref)), "worker",
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0, -1).WithSupervisorStrategy(decider)), "link");
        probe.ExpectMsg("started:worker");
        var worker = probe.LastSender;

        var link = Node("/user/link");
        Assert.Equal(nameof(BackoffSupervisor), link.ActorType);
        Assert.Equal(new BackoffStatus(0, false, null), link.Backoff);
        Assert.Equal(["worker"], link.Children.Select(c => c.Path.Name));

        var failedAt = Time.GetUtcNow();
        var armed = Time.ActiveTimerCount;
        worker.Tell(new Fail(new IOException("hang-up")));
        AwaitCondition(() => Time.ActiveTimerCount > armed); // the restart is scheduled once the child has stopped
        link = Node("/user/link");
        Assert.Equal(new BackoffStatus(1, true, new ActorFailure(nameof(IOException), "hang-up", failedAt)), link.Backoff);
        Assert.Empty(link.Children);

        Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.True(Node("/user/link").Backoff!.IsBackingOff);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        probe.ExpectMsg("started:worker");
        AwaitAssert(() => Assert.False(Node("/user/link").Backoff!.IsBackingOff));
        Assert.Equal(new BackoffStatus(1, false, new ActorFailure(nameof(IOException), "hang-up", failedAt)), Node("/user/link").Backoff);
        Assert.Equal(ActorState.Running, Node("/user/link/worker").State);
        Assert.Equal(1, Node("/user/link/worker").Restarts); // the record outlives each incarnation
    }

    [Fact]
    public void The_serial_links_failures_to_open_show_on_its_backoff_supervisor()
    {
        var probe = CreateProbe();
        var linkPath = ((ExtendedActorSystem)Sys).Guardian.Path / "link";
        var options = new SerialLinkOptions { PortPath = $"/nonexistent-{Guid.NewGuid():N}/ttyESP32" };
        var armed = Time.ActiveTimerCount;
        Sys.ActorOf(SerialLink.Props(options, probe.Ref, new LinkMonitor(Time), new FlightRecorder(time: Time), Sys.Log, Sys.Supervision(), linkPath),
            "link");

        probe.FishForMessage<SerialPortActor.LinkChanged>(m => m.State.ReconnectAttempts == 1);
        AwaitCondition(() => Time.ActiveTimerCount > armed); // the next start is scheduled once the port actor has stopped
        var backoff = Node("/user/link").Backoff!;
        Assert.True(backoff.IsBackingOff);
        Assert.Equal(1, backoff.Attempts);
        Assert.Equal(nameof(SerialPortNotFoundException), backoff.LastChildFailure!.Type);

        // The next attempt waits for the backoff delay on the scheduler (100 ms, jitter 0.2), then fails the same way.
        Time.Advance(TimeSpan.FromSeconds(1));
        probe.FishForMessage<SerialPortActor.LinkChanged>(m => m.State.ReconnectAttempts == 2);
        Assert.Equal(2, Node("/user/link").Backoff!.Attempts);
    }

    [Fact]
    public async Task Inspecting_from_other_threads_while_actors_fail_and_restart_is_safe()
    {
        const int failures = 30;
        var parent = NewParent(new RecordingOneForOneStrategy(null, null, SupervisorStrategy.DefaultDecider));
        var children = new List<IActorRef>();
        for (var i = 0; i < 8; i++) children.Add(await SpawnAsync(parent, Props.Create(() => new Child(ActorRefs.Nobody)), $"c{i}"));

        using var stop = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inspector = Task.Run(() =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                var tree = SupervisionTree.Inspect(Sys);
                Assert.NotNull(tree.Find("/user/parent"));
                Assert.All(tree.DescendantsAndSelf(), n => Assert.True(Enum.IsDefined(n.State)));
                reads++;
                reading.TrySetResult();
                Thread.Yield(); // two shared cores: leave room for the actors
            }
            return reads;
        });
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(10));

        foreach (var child in children)
            for (var i = 0; i < failures; i++) child.Tell(new Fail(new InvalidOperationException($"f{i}")));

        AwaitAssert(() =>
        {
            var node = Node("/user/parent");
            Assert.Equal(8, node.Children.Count);
            Assert.All(node.Children, c => Assert.Equal(failures, c.Restarts));
            Assert.All(node.Children, c => Assert.Equal(ActorState.Running, c.State));
        }, TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        Assert.True(await inspector > 0);
        Assert.All(Node("/user/parent").Children, c => Assert.Equal($"f{failures - 1}", c.LastFailure!.Message));
    }
}
