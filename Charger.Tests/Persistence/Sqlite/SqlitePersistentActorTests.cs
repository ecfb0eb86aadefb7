using Akka.Actor;
using Akka.TestKit;
using Charger.Actors.Persistence;
using Charger.Actors.Persistence.Sqlite;
using Charger.Tests.TestKit;
using static Charger.Tests.Persistence.ListActor;

namespace Charger.Tests.Persistence.Sqlite;

/// <summary>A persistent actor on charger.db: what it persisted is there after the database is closed and opened again.</summary>
public sealed class SqlitePersistentActorTests() : ActorTestBase(manualTime: false)
{
    private const string Id = "list-1";
    private readonly TempDataDirectory _dir = new();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // the actor system first: nothing may still write to the directory
        if (disposing) _dir.Dispose();
    }

    [Fact]
    public async Task Events_and_a_snapshot_persisted_before_the_database_closed_recover_after_it_is_opened_again()
    {
        var probe = CreateProbe("probe");
        await using (var db = await SqliteDatabase.OpenAsync(_dir.Path))
        {
            var actor = Start(db, probe, expectedSequenceNr: 0);
            foreach (var (item, seq) in new[] { ("a", 1L), ("b", 2L) })
            {
                probe.Send(actor, new Add(item));
                probe.ExpectMsg($"persisted:{item}:{seq}");
            }
            probe.Send(actor, new Snap());
            probe.ExpectMsg<SaveSnapshotSuccess>();
            probe.Send(actor, new Add("c"));
            probe.ExpectMsg("persisted:c:3");
            probe.Watch(actor);
            Sys.Stop(actor);
            probe.ExpectTerminated(actor);
        }

        await using var reopened = await SqliteDatabase.OpenAsync(_dir.Path);
        var recovered = Sys.ActorOf(ListActor.Props(Context(reopened), Id, probe.Ref));

        probe.ExpectMsg("prestart");
        probe.ExpectMsg("offer:2:a,b");
        probe.ExpectMsg("recover:c:3");
        probe.ExpectMsg("recovered:3");
        probe.Send(recovered, new Add("d"));
        probe.ExpectMsg("persisted:d:4");
        Assert.Equal(4, await new SqliteJournal(reopened).ReadHighestSequenceNrAsync(Id));
    }

    private IActorRef Start(SqliteDatabase db, TestProbe probe, long expectedSequenceNr)
    {
        var actor = Sys.ActorOf(ListActor.Props(Context(db), Id, probe.Ref));
        probe.ExpectMsg("prestart");
        Assert.Equal($"recovered:{expectedSequenceNr}", probe.FishForMessage<string>(s => s.StartsWith("recovered:", StringComparison.Ordinal)));
        return actor;
    }

    private static PersistenceContext Context(SqliteDatabase db) =>
        new(new SqliteJournal(db), new SqliteSnapshotStore(db), ListActor.Serializer());
}
