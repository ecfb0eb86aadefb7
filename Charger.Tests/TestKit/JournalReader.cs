using Akka.Actor;
using Akka.Persistence;

namespace Charger.Tests.TestKit;

/// <summary>
/// Reads what a persistence id holds in whatever journal the system runs (Akka's in-memory one too, which has
/// no query side): a persistent actor with that id recovers everything and hands it over. Only while the
/// writer of the id is idle (or stopped): Akka allows one writer per id, and this one never writes.
/// </summary>
public static class JournalReader
{
    /// <summary>Akka's in-memory journal and snapshot store as the system's default plugins.</summary>
    public const string InMemoryConfig = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    public static async Task<IReadOnlyList<object>> ReadAllAsync(ActorSystem system, string persistenceId, TimeSpan? timeout = null)
    {
        var reader = system.ActorOf(Props.Create(() => new Reader(persistenceId)));
        try
        {
            return await reader.Ask<IReadOnlyList<object>>(Reader.Read.Instance, timeout ?? TimeSpan.FromSeconds(10));
        }
        finally
        {
            system.Stop(reader);
        }
    }

    public static IReadOnlyList<object> ReadAll(ActorSystem system, string persistenceId) => ReadAllAsync(system, persistenceId).GetAwaiter().GetResult();

    private sealed class Reader : ReceivePersistentActor
    {
        public sealed record Read
        {
            public static readonly Read Instance = new();
        }

        private readonly List<object> _events = [];

        public Reader(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<SnapshotOffer>(_ => { });
            Recover<RecoveryCompleted>(_ => { }); // the end of the replay, not an event
            Recover<object>(e => _events.Add(e));
            Command<Read>(_ => Sender.Tell((IReadOnlyList<object>)[.. _events]));
        }

        public override string PersistenceId { get; }

        // Every event from the first, never a snapshot: the reader wants the history, not the state.
        public override Recovery Recovery => new(SnapshotSelectionCriteria.None);
    }
}
