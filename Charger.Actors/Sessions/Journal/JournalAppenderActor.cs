using Akka.Actor;
using Akka.Persistence;

namespace Charger.Actors.Sessions.Journal;

/// <summary>
/// Appends given events to one persistence id of the session journal, through Akka's journal (so they are
/// serialized and tagged like the session actors' own): the predecessor import writes
/// <c>sessions-imported-{charger}</c> with it, and the upgrade from the previous release moves its journal with it.
/// It remembers only what those need: the last sequence number and the ids of the sessions opened.
/// </summary>
public sealed class JournalAppenderActor : ReceivePersistentActor
{
    /// <summary>Persists <paramref name="Events"/> atomically; answered with <see cref="Appended"/>.</summary>
    public sealed record Append(IReadOnlyList<object> Events);

    public sealed record Appended(long LastSequenceNr);

    /// <summary>Answered with <see cref="Recovered"/> once recovery is done.</summary>
    public sealed record GetRecovered
    {
        public static readonly GetRecovered Instance = new();
    }

    public sealed record Recovered(long LastSequenceNr, IReadOnlySet<string> OpenedSessionIds);

    private readonly string _persistenceId;
    private readonly HashSet<string> _opened = new(StringComparer.Ordinal);

    public JournalAppenderActor(string persistenceId)
    {
        _persistenceId = persistenceId;
        Recover<SessionOpened>(o => _opened.Add(o.SessionId));
        Recover<object>(_ => { });
        Command<GetRecovered>(_ => Sender.Tell(new Recovered(LastSequenceNr, _opened.ToHashSet(StringComparer.Ordinal))));
        Command<Append>(OnAppend);
    }

    public override string PersistenceId => _persistenceId;

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new JournalAppenderActor(persistenceId));

    private void OnAppend(Append append)
    {
        var replyTo = Sender;
        if (append.Events.Count == 0)
        {
            replyTo.Tell(new Appended(LastSequenceNr));
            return;
        }
        var left = append.Events.Count;
        PersistAll(append.Events, e =>
        {
            if (e is SessionOpened o) _opened.Add(o.SessionId);
            if (--left == 0) replyTo.Tell(new Appended(LastSequenceNr));
        });
    }

    /// <summary>The asker learns of a failed write (rather than waiting out its timeout); Akka then stops this actor.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Sender.Tell(new Status.Failure(cause));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Sender.Tell(new Status.Failure(cause));
        base.OnPersistRejected(cause, @event, sequenceNr);
        Context.Stop(Self);
    }
}
