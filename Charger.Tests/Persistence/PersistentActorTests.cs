using Akka.Actor;
using Akka.Pattern;
using Akka.TestKit;
using Charger.Actors.Persistence;
using Charger.Tests.TestKit;
using static Charger.Tests.Persistence.ListActor;

namespace Charger.Tests.Persistence;

/// <summary>Every PersistentActor test runs with stores that complete synchronously and with stores that complete on another thread.</summary>
public sealed class PersistentActorWithSynchronousStoresTests() : PersistentActorTests(asynchronousStores: false);

public sealed class PersistentActorWithAsynchronousStoresTests() : PersistentActorTests(asynchronousStores: true);

public abstract class PersistentActorTests : ActorTestBase
{
    private const string Id = "list-1";

    private readonly InMemoryJournal _journal;
    private readonly InMemorySnapshotStore _snapshots;
    private readonly PersistenceContext _persistence;
    private readonly TestProbe _probe;

    protected PersistentActorTests(bool asynchronousStores)
    {
        _journal = new InMemoryJournal(asynchronousStores);
        _snapshots = new InMemorySnapshotStore(asynchronousStores);
        _persistence = new PersistenceContext(_journal, _snapshots, Serializer()) { WriteTimeout = TimeSpan.FromSeconds(5) };
        _probe = CreateProbe("probe");
    }

    /// <summary>Starts the list actor and waits until it has recovered to <paramref name="expectedSequenceNr"/>.</summary>
    private IActorRef StartRecovered(long expectedSequenceNr = 0)
    {
        var actor = Sys.ActorOf(ListActor.Props(_persistence, Id, _probe.Ref));
        _probe.ExpectMsg("prestart");
        Assert.Equal($"recovered:{expectedSequenceNr}", _probe.FishForMessage<string>(s => s.StartsWith("recovered:", StringComparison.Ordinal)));
        return actor;
    }

    private void Persisted(IActorRef actor, string item, long sequenceNr)
    {
        _probe.Send(actor, new Add(item));
        _probe.ExpectMsg($"persisted:{item}:{sequenceNr}");
    }

    private void StopAndWait(IActorRef actor)
    {
        _probe.Watch(actor);
        Sys.Stop(actor);
        _probe.ExpectTerminated(actor);
    }

    private ListState State(IActorRef actor)
    {
        _probe.Send(actor, new Get());
        return _probe.ExpectMsg<ListState>();
    }

    private async Task WriteRaw(params (string Manifest, string Payload)[] events)
    {
        var from = await _journal.ReadHighestSequenceNrAsync(Id) + 1;
        await _journal.WriteAsync([.. events.Select((e, i) => new JournalEntry(Id, from + i, e.Manifest, 1, e.Payload, DateTimeOffset.UnixEpoch))]);
    }

    [Fact]
    public void Recovery_replays_the_events_in_order_before_the_first_command()
    {
        var first = StartRecovered();
        Persisted(first, "a", 1);
        Persisted(first, "b", 2);
        Persisted(first, "c", 3);
        StopAndWait(first);

        var second = Sys.ActorOf(ListActor.Props(_persistence, Id, _probe.Ref));
        _probe.Send(second, new Get());

        _probe.ExpectMsg("prestart");
        _probe.ExpectMsg("recover:a:1");
        _probe.ExpectMsg("recover:b:2");
        _probe.ExpectMsg("recover:c:3");
        _probe.ExpectMsg("recovered:3");
        var state = _probe.ExpectMsg<ListState>();
        Assert.Equal(["a", "b", "c"], state.Items);
        Assert.Equal(3, state.LastSequenceNr);
    }

    [Fact]
    public async Task Commands_sent_during_recovery_wait_until_it_completes()
    {
        await WriteRaw(("item-added", """{"item":"a"}"""), ("item-added", """{"item":"b"}"""));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _journal.BeforeRead = _ => gate.Task;

        var actor = Sys.ActorOf(ListActor.Props(_persistence, Id, _probe.Ref));
        _probe.Send(actor, new Add("c"));
        _probe.Send(actor, new Get());
        _probe.ExpectMsg("prestart");
        _probe.ExpectNoMsg(TimeSpan.FromMilliseconds(150)); // a command handled now would reply before any recovery
        gate.SetResult();

        _probe.ExpectMsg("recover:a:1");
        _probe.ExpectMsg("recover:b:2");
        _probe.ExpectMsg("recovered:2");
        _probe.ExpectMsg("persisted:c:3");
        Assert.Equal(["a", "b", "c"], _probe.ExpectMsg<ListState>().Items);
    }

    [Fact]
    public void Recovery_starts_from_the_latest_snapshot_and_replays_only_later_events()
    {
        var first = StartRecovered();
        Persisted(first, "a", 1);
        Persisted(first, "b", 2);
        _probe.Send(first, new Snap());
        var saved = _probe.ExpectMsg<SaveSnapshotSuccess>();
        Assert.Equal(new SnapshotMetadata(Id, 2, Time.GetUtcNow()), saved.Metadata);
        Persisted(first, "c", 3);
        StopAndWait(first);

        var second = Sys.ActorOf(ListActor.Props(_persistence, Id, _probe.Ref));

        _probe.ExpectMsg("prestart");
        _probe.ExpectMsg("offer:2:a,b");
        _probe.ExpectMsg("recover:c:3");
        _probe.ExpectMsg("recovered:3");
        Assert.Equal(["a", "b", "c"], State(second).Items);
    }

    [Fact]
    public void A_failed_snapshot_save_is_reported_and_the_actor_carries_on()
    {
        var actor = StartRecovered();
        Persisted(actor, "a", 1);
        _snapshots.FailNextSave();

        _probe.Send(actor, new Snap());

        var failure = _probe.ExpectMsg<SaveSnapshotFailure>();
        Assert.Equal(1, failure.Metadata.SequenceNr);
        Assert.IsType<IOException>(failure.Cause);
        Persisted(actor, "b", 2);
    }

    [Fact]
    public async Task Commands_sent_while_a_write_is_in_flight_wait_for_its_handler()
    {
        var actor = StartRecovered();
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _journal.BeforeWrite = _ =>
        {
            writing.TrySetResult();
            return gate.Task;
        };

        _probe.Send(actor, new Add("x"));
        await writing.Task.WaitAsync(RemainingOrDefault);
        _probe.Send(actor, new Get());
        _probe.Send(actor, new Add("y"));
        _probe.ExpectNoMsg(TimeSpan.FromMilliseconds(150));
        _journal.BeforeWrite = null;
        gate.SetResult();

        _probe.ExpectMsg("persisted:x:1");
        Assert.Equal(["x"], _probe.ExpectMsg<ListState>().Items);
        _probe.ExpectMsg("persisted:y:2");
    }

    [Fact]
    public void Handlers_run_in_persist_order_and_nested_persists_follow_their_round()
    {
        var actor = StartRecovered();
        var batches = new List<long[]>();
        _journal.BeforeWrite = entries =>
        {
            lock (batches) batches.Add([.. entries.Select(e => e.SequenceNr)]);
            return Task.CompletedTask;
        };

        _probe.Send(actor, new AddTwo("a", "b"));
        _probe.ExpectMsg("persisted:a:1");
        _probe.ExpectMsg("persisted:b:2");
        _probe.Send(actor, new AddNested("n"));
        _probe.ExpectMsg("persisted:n:3");
        _probe.ExpectMsg("persisted:n-1:4");
        _probe.ExpectMsg("persisted:n-2:5");

        lock (batches) Assert.Equal([[1L, 2], [3], [4, 5]], batches);
        Assert.Equal(["a", "b", "n", "n-1", "n-2"], State(actor).Items);
    }

    [Fact]
    public void PersistAll_writes_its_events_in_one_batch_then_runs_each_handler()
    {
        var actor = StartRecovered();
        var batches = new List<int>();
        _journal.BeforeWrite = entries =>
        {
            lock (batches) batches.Add(entries.Count);
            return Task.CompletedTask;
        };

        _probe.Send(actor, new AddAll("a", "b", "c"));

        _probe.ExpectMsg("persisted:a:1");
        _probe.ExpectMsg("persisted:b:2");
        _probe.ExpectMsg("persisted:c:3");
        lock (batches) Assert.Equal([3], batches);
    }

    [Fact]
    public async Task A_failed_PersistAll_writes_none_of_its_events_and_stops_the_actor()
    {
        var actor = StartRecovered();
        Persisted(actor, "z", 1);
        _probe.Watch(actor);
        _journal.FailNextWrite();

        _probe.Send(actor, new AddAll("a", "b", "c"));

        _probe.ExpectMsg("failure:a:2:IOException");
        _probe.ExpectTerminated(actor);
        Assert.Equal(1, await _journal.ReadHighestSequenceNrAsync(Id));
        var restarted = StartRecovered(expectedSequenceNr: 1);
        Assert.Equal(["z"], State(restarted).Items);
        Persisted(restarted, "d", 2);
    }

    [Fact]
    public void A_failed_write_stops_the_actor_and_its_backoff_supervisor_restarts_it_with_recovered_state()
    {
        var childProps = ListActor.Props(_persistence, Id, _probe.Ref);
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(
            Backoff.OnStop(childProps, "list", TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 0, maxNrOfRetries: -1)), "backoff");
        _probe.ExpectMsg("prestart");
        _probe.ExpectMsg("recovered:0");
        Persisted(supervisor, "a", 1);
        _journal.FailNextWrite();

        _probe.Send(supervisor, new Add("b"));

        _probe.ExpectMsg("failure:b:2:IOException");
        // The supervisor schedules the restart when it handles the Terminated; the clock must not move before that.
        AwaitAssert(() =>
        {
            _probe.Send(supervisor, BackoffSupervisor.GetCurrentChild.Instance);
            Assert.Null(_probe.ExpectMsg<BackoffSupervisor.CurrentChild>().Ref);
        });
        Time.Advance(TimeSpan.FromMilliseconds(100));
        _probe.ExpectMsg("prestart");
        _probe.ExpectMsg("recover:a:1");
        _probe.ExpectMsg("recovered:1");
        Persisted(supervisor, "c", 2);
        Assert.Equal(["a", "c"], State(supervisor).Items);
    }

    [Fact]
    public void A_write_slower_than_the_timeout_fails_and_stops_the_actor()
    {
        var actor = StartRecovered();
        _probe.Watch(actor);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _journal.BeforeWrite = _ => gate.Task;

        var timers = Time.ActiveTimerCount;

        _probe.Send(actor, new Add("slow"));
        AwaitAssert(() => Assert.Equal(timers + 1, Time.ActiveTimerCount)); // the write's timeout is armed
        Time.Advance(TimeSpan.FromSeconds(5));

        _probe.ExpectMsg("failure:slow:1:TimeoutException");
        _probe.ExpectTerminated(actor);
        gate.SetResult(); // the store finishes late: the event is there, and recovery will see it
        _journal.BeforeWrite = null;
        AwaitAssert(() => Assert.Equal(1, _journal.ReadHighestSequenceNrAsync(Id).Result));
        var restarted = StartRecovered(expectedSequenceNr: 1);
        Assert.Equal(["slow"], State(restarted).Items);
    }

    [Fact]
    public void A_conflicting_write_is_rejected_and_the_actor_carries_on_with_the_same_sequence_number()
    {
        var actor = StartRecovered();
        Persisted(actor, "a", 1);
        _journal.FailNextWrite(new JournalConflictException(Id, 2));

        _probe.Send(actor, new Add("b"));

        _probe.ExpectMsg("rejected:b:2:JournalConflictException");
        Persisted(actor, "c", 2);
        var state = State(actor);
        Assert.Equal(["a", "c"], state.Items);
        Assert.Equal(2, state.LastSequenceNr);
    }

    [Fact]
    public void An_event_that_cannot_be_serialized_is_rejected_and_the_actor_carries_on()
    {
        var actor = StartRecovered();
        Persisted(actor, "a", 1);

        _probe.Send(actor, new AddUnregistered("x"));

        _probe.ExpectMsg("rejected:x:2:PersistenceSerializationException");
        Persisted(actor, "b", 2);
        Assert.Equal(["a", "b"], State(actor).Items);
    }

    [Fact]
    public void A_failed_journal_read_stops_the_actor_during_recovery()
    {
        _journal.FailNextRead();

        var actor = Sys.ActorOf(ListActor.Props(_persistence, Id, _probe.Ref));
        _probe.Watch(actor);

        _probe.ExpectMsg("prestart");
        _probe.ExpectMsg("recovery-failure:IOException:Injected journal read failure.");
        _probe.ExpectTerminated(actor);
    }

    [Fact]
    public void A_failed_snapshot_load_stops_the_actor_during_recovery()
    {
        _snapshots.FailNextLoad();

        var actor = Sys.ActorOf(ListActor.Props(_persistence, Id, _probe.Ref));
        _probe.Watch(actor);

        _probe.ExpectMsg("prestart");
        _probe.ExpectMsg<string>(s => s.StartsWith("recovery-failure:IOException", StringComparison.Ordinal));
        _probe.ExpectTerminated(actor);
    }

    [Fact]
    public async Task An_event_with_an_unknown_manifest_stops_the_actor_with_a_clear_error()
    {
        await WriteRaw(("item-added", """{"item":"a"}"""), ("mystery-event", "{}"));

        var actor = Sys.ActorOf(ListActor.Props(_persistence, Id, _probe.Ref));
        _probe.Watch(actor);

        _probe.ExpectMsg("prestart");
        _probe.ExpectMsg("recover:a:1");
        _probe.ExpectMsg<string>(s => s.StartsWith("recovery-failure:PersistenceSerializationException:Unknown manifest 'mystery-event'", StringComparison.Ordinal));
        _probe.ExpectTerminated(actor);
    }

    [Fact]
    public async Task Sequence_numbers_continue_across_restarts_and_deletes()
    {
        var first = StartRecovered();
        Persisted(first, "a", 1);
        Persisted(first, "b", 2);
        StopAndWait(first);

        var second = StartRecovered(expectedSequenceNr: 2);
        Persisted(second, "c", 3);
        _probe.Send(second, new DeleteTo(99));
        Assert.IsType<ArgumentOutOfRangeException>(_probe.ExpectMsg<DeleteMessagesFailure>().Cause);
        _probe.Send(second, new DeleteTo(3));
        _probe.ExpectMsg(new DeleteMessagesSuccess(3));
        StopAndWait(second);

        var third = StartRecovered(expectedSequenceNr: 3); // nothing left to replay, the number is kept
        Assert.Empty(State(third).Items);
        Persisted(third, "d", 4);

        var entries = new List<JournalEntry>();
        await foreach (var entry in _journal.ReplayAsync(Id, 1, long.MaxValue)) entries.Add(entry);
        Assert.Equal([4L], entries.Select(e => e.SequenceNr));
    }

    [Fact]
    public void An_exception_in_a_command_handler_restarts_the_actor_and_recovery_rebuilds_its_state()
    {
        var actor = StartRecovered();
        Persisted(actor, "a", 1);
        Persisted(actor, "b", 2);

        _probe.Send(actor, new Crash());

        _probe.ExpectMsg("postrestart"); // the override does not call PreStart: recovery runs anyway
        _probe.ExpectMsg("recover:a:1");
        _probe.ExpectMsg("recover:b:2");
        _probe.ExpectMsg("recovered:2");
        var state = State(actor);
        Assert.Equal(["a", "b"], state.Items);
        Assert.Equal(2, state.LastSequenceNr);
    }
}
