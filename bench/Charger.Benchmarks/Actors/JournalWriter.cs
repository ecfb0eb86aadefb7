using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;

namespace Charger.Benchmarks.Actors;

/// <summary>
/// A bare Akka persistent actor that journals what it is told, through whatever journal the system is
/// configured with (the benchmarks give it the session journal's: Akka.Persistence.Sql, our serializer and
/// the session tagger). One event per <see cref="PersistOne"/> (what a session actor does for each state
/// change), or a whole batch with <c>PersistAll</c> to fill a journal fast (one AtomicWrite, one transaction).
/// </summary>
public sealed class JournalWriter : ReceivePersistentActor
{
    /// <summary>Journals <paramref name="Event"/>; answered with <see cref="Persisted"/> from its handler.</summary>
    public sealed record PersistOne(object Event);

    /// <summary>Journals all <paramref name="Events"/> as one atomic write; answered with <see cref="Persisted"/> after the last handler.</summary>
    public sealed record PersistBatch(IReadOnlyList<object> Events);

    /// <param name="SequenceNr">The sequence number of the (last) event.</param>
    /// <param name="JournaledAt"><see cref="Stopwatch.GetTimestamp"/> in the handler: the write is durable from here on.</param>
    public sealed record Persisted(long SequenceNr, long JournaledAt);

    public JournalWriter(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<object>(_ => { });
        Command<PersistOne>(one =>
        {
            var replyTo = Sender;
            Persist(one.Event, _ => replyTo.Tell(new Persisted(LastSequenceNr, Stopwatch.GetTimestamp())));
        });
        Command<PersistBatch>(batch =>
        {
            var replyTo = Sender;
            var left = batch.Events.Count;
            PersistAll(batch.Events, _ =>
            {
                if (--left == 0) replyTo.Tell(new Persisted(LastSequenceNr, Stopwatch.GetTimestamp()));
            });
        });
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new JournalWriter(persistenceId));
}
