using Akka.Actor;
using Charger.Actors.Persistence;

namespace Charger.Tests.Persistence;

/// <summary>
/// A persistent list for the PersistentActor tests. It reports recovery and persistence callbacks to
/// a probe as strings ("recover:a:1", "offer:3:a,b,c", "recovered:3", "rejected:x:4", ...) and
/// replies to commands with "persisted:item:seqNr" or a <see cref="ListState"/>.
/// </summary>
internal sealed class ListActor : PersistentActor
{
    public sealed record ItemAdded(string Item);

    /// <summary>An event type the serializer does not know: persisting it is rejected.</summary>
    public sealed record NotRegistered(string Item);

    public sealed record ListState(string[] Items, long LastSequenceNr);

    public sealed record Add(string Item);

    public sealed record AddAll(params string[] Items);

    /// <summary>Two Persist calls in one command.</summary>
    public sealed record AddTwo(string First, string Second);

    /// <summary>Persists Item, and from its handler Item-1 and Item-2 (nested persist).</summary>
    public sealed record AddNested(string Item);

    public sealed record AddUnregistered(string Item);

    public sealed record Get;

    public sealed record Snap;

    public sealed record DeleteTo(long SequenceNr);

    public sealed record Crash;

    private readonly string _persistenceId;
    private readonly IActorRef _probe;
    private List<string> _items = [];

    public ListActor(PersistenceContext persistence, string persistenceId, IActorRef probe) : base(persistence)
    {
        _persistenceId = persistenceId;
        _probe = probe;

        Recover<ItemAdded>(e =>
        {
            _items.Add(e.Item);
            probe.Tell($"recover:{e.Item}:{LastSequenceNr}");
        });
        Recover<SnapshotOffer>(offer =>
        {
            _items = [.. ((ListState)offer.Snapshot).Items];
            probe.Tell($"offer:{offer.Metadata.SequenceNr}:{string.Join(",", _items)}");
        });
        Recover<RecoveryCompleted>(_ => probe.Tell($"recovered:{LastSequenceNr}"));

        Command<Add>(c => Persist(new ItemAdded(c.Item), Added));
        Command<AddAll>(c => PersistAll(c.Items.Select(i => new ItemAdded(i)), Added));
        Command<AddTwo>(c =>
        {
            Persist(new ItemAdded(c.First), Added);
            Persist(new ItemAdded(c.Second), Added);
        });
        Command<AddNested>(c => Persist(new ItemAdded(c.Item), e =>
        {
            Added(e);
            Persist(new ItemAdded(e.Item + "-1"), Added);
            Persist(new ItemAdded(e.Item + "-2"), Added);
        }));
        Command<AddUnregistered>(c => Persist(new NotRegistered(c.Item), e => Sender.Tell($"persisted:{e.Item}:{LastSequenceNr}")));
        Command<Get>(_ => Sender.Tell(new ListState([.. _items], LastSequenceNr)));
        Command<Snap>(_ => SaveSnapshot(new ListState([.. _items], LastSequenceNr)));
        Command<DeleteTo>(c => DeleteMessages(c.SequenceNr));
        Command<Crash>(_ => throw new InvalidOperationException("crash on purpose"));
        Command<SaveSnapshotSuccess>(s => probe.Tell(s));
        Command<SaveSnapshotFailure>(s => probe.Tell(s));
        Command<DeleteMessagesSuccess>(s => probe.Tell(s));
        Command<DeleteMessagesFailure>(s => probe.Tell(s));
    }

    public override string PersistenceId => _persistenceId;

    public static PersistenceSerializer Serializer() => new PersistenceSerializer()
        .Register<ItemAdded>("item-added")
        .Register<ListState>("list-state");

    public static Props Props(PersistenceContext persistence, string persistenceId, IActorRef probe) =>
        Akka.Actor.Props.Create(() => new ListActor(persistence, persistenceId, probe));

    private void Added(ItemAdded e)
    {
        _items.Add(e.Item);
        Sender.Tell($"persisted:{e.Item}:{LastSequenceNr}");
    }

    // Deliberately without calling base: recovery must not depend on it.
    protected override void PreStart() => _probe.Tell("prestart");

    protected override void PostRestart(Exception reason) => _probe.Tell("postrestart");

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _probe.Tell($"failure:{Describe(@event)}:{sequenceNr}:{cause.GetType().Name}");
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _probe.Tell($"rejected:{Describe(@event)}:{sequenceNr}:{cause.GetType().Name}");
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message)
    {
        _probe.Tell($"recovery-failure:{reason.GetType().Name}:{reason.Message}");
        base.OnRecoveryFailure(reason, message);
    }

    private static string Describe(object @event) => @event switch
    {
        ItemAdded a => a.Item,
        NotRegistered n => n.Item,
        _ => @event.GetType().Name,
    };
}
