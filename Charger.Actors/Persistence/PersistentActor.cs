using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Charger.Actors.Runtime;

namespace Charger.Actors.Persistence;

/// <summary>
/// Our own event-sourced actor with the shape of Akka.NET's ReceivePersistentActor, on Akka's
/// <see cref="ActorBase"/> over our journal and snapshot stores, until the sessions move to Akka.Persistence
/// (issue 12): an actor whose state is the fold of the events it
/// persisted. On start (and after every restart) it recovers: the latest snapshot is offered, then the
/// events after it are replayed through the <see cref="Recover{T}"/> handlers, then
/// <see cref="RecoveryCompleted"/>. Commands go to the <see cref="Command{T}"/> handlers, which call
/// <see cref="Persist{TEvent}"/>; the events are written when the handler returns and each event's
/// handler then runs, in order, before the next command (Akka's Persist, not PersistAsync).
/// </summary>
/// <remarks>
/// Commands that arrive while recovering or while a write is in flight wait in the mailbox
/// (<see cref="ActorTaskScheduler.RunTask(Func{Task})"/> suspends it), which is the same as Akka's stash: nothing is reordered and
/// system messages (stop, watch) still get through. A write that fails stops the actor after
/// <see cref="OnPersistFailure"/>: the journal's state is unknown, so only a fresh recovery (by a
/// backoff supervisor in OnStop mode) can be trusted. A rejected write (<see cref="JournalConflictException"/>
/// or an event that cannot be serialized) wrote nothing: <see cref="OnPersistRejected"/> runs, the
/// events' handlers do not, and the actor carries on. A failed recovery stops the actor after
/// <see cref="OnRecoveryFailure"/>. Switch command behaviour with this class's <see cref="Become"/>;
/// <c>Context.Become</c> would bypass the write of persisted events.
/// </remarks>
public abstract class PersistentActor : ActorBase
{
    private readonly PersistenceContext _persistence;
    private readonly IActorRef _self;
    private readonly HandlerSet _recover = new();
    private readonly List<PendingWrite> _pending = [];
    private HandlerSet _commands = new();
    private HandlerSet? _building;
    private long _writtenSequenceNr;
    private bool _recovering = true;
    private bool _flushing;

    protected PersistentActor(PersistenceContext persistence)
    {
        _persistence = persistence ?? throw new ArgumentNullException(nameof(persistence));
        _self = Self;
        Log = Context.GetLogger();
        _building = _commands;
    }

    /// <summary>The actor's stable identity in the journal (e.g. <c>sessions-cp-1</c>); it must not change between incarnations.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>The sequence number of the last event recovered or persisted (inside an event's handler: that event's).</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>The sequence number of the snapshot recovery started from (0 if none).</summary>
    public long SnapshotSequenceNr { get; private set; }

    /// <summary>True until recovery has replayed everything (false already while <see cref="RecoveryCompleted"/> is handled).</summary>
    public bool IsRecovering => _recovering;

    protected PersistenceContext Persistence => _persistence;

    protected ILoggingAdapter Log { get; }

    /// <summary>Handles a recovery message of type <typeparamref name="T"/>: an event, a <see cref="SnapshotOffer"/> or <see cref="RecoveryCompleted"/>.</summary>
    protected void Recover<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_building is null) throw new InvalidOperationException("Recover<T> can only be called in the constructor.");
        _recover.Add(handler, null);
    }

    /// <summary>Handles commands of type <typeparamref name="T"/> (optionally only those matching <paramref name="shouldHandle"/>).</summary>
    protected void Command<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        (_building ?? throw new InvalidOperationException("Command<T> can only be called in the constructor or inside Become."))
            .Add(handler, shouldHandle);
    }

    /// <summary>Handles commands of type <typeparamref name="T"/> that match <paramref name="shouldHandle"/>.</summary>
    protected void Command<T>(Predicate<T> shouldHandle, Action<T> handler) => Command(handler, shouldHandle);

    /// <summary>Handles any command not matched by an earlier handler.</summary>
    protected void CommandAny(Action<object> handler) => Command(handler);

    /// <summary>Replaces the command handlers with those registered by <paramref name="configure"/>.</summary>
    protected void Become(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var previous = _building;
        var set = new HandlerSet();
        _building = set;
        try
        {
            configure();
        }
        finally
        {
            _building = previous;
        }
        _commands = set;
    }

    /// <summary>
    /// Persists <paramref name="event"/> and then runs <paramref name="handler"/> with it (there, update
    /// state and reply). The write happens when the current handler returns; the next command waits for it.
    /// </summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(handler);
        Enqueue(new PendingWrite([@event], e => handler((TEvent)e)));
    }

    /// <summary>
    /// Persists <paramref name="events"/> atomically (all or none) and then runs <paramref name="handler"/>
    /// for each, in order. An empty list does nothing.
    /// </summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(handler);
        object[] batch = [.. events.Select(e => (object)(e ?? throw new ArgumentException("PersistAll got a null event.", nameof(events))))];
        if (batch.Length == 0) return;
        Enqueue(new PendingWrite(batch, e => handler((TEvent)e)));
    }

    /// <summary>
    /// Saves <paramref name="snapshot"/> as the state at <see cref="LastSequenceNr"/>; the actor later
    /// gets <see cref="SaveSnapshotSuccess"/> or <see cref="SaveSnapshotFailure"/>.
    /// </summary>
    protected void SaveSnapshot(object snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = new SnapshotMetadata(PersistenceId, LastSequenceNr, Context.System.GetTimeProvider().GetUtcNow());
        var store = _persistence.SnapshotStore;
        var serializer = _persistence.Serializer;
        var self = Self;
        _ = SaveAndReport();

        async Task SaveAndReport()
        {
            try
            {
                var serialized = serializer.Serialize(snapshot);
                await store.SaveAsync(new SnapshotEntry(metadata.PersistenceId, metadata.SequenceNr, serialized.Manifest,
                    serialized.SchemaVersion, serialized.Payload, metadata.Timestamp)).ConfigureAwait(false);
                self.Tell(new SaveSnapshotSuccess(metadata), self);
            }
            catch (Exception e)
            {
                self.Tell(new SaveSnapshotFailure(metadata, e), self);
            }
        }
    }

    /// <summary>
    /// Deletes the journal's events up to <paramref name="toSequenceNr"/> (<c>long.MaxValue</c>: all so far);
    /// the actor later gets <see cref="DeleteMessagesSuccess"/> or <see cref="DeleteMessagesFailure"/>.
    /// Sequence numbers are never reused.
    /// </summary>
    protected void DeleteMessages(long toSequenceNr)
    {
        var self = Self;
        if (toSequenceNr != long.MaxValue && toSequenceNr > LastSequenceNr)
        {
            self.Tell(new DeleteMessagesFailure(toSequenceNr, new ArgumentOutOfRangeException(nameof(toSequenceNr), toSequenceNr,
                $"Cannot delete beyond the last sequence number {LastSequenceNr}.")), self);
            return;
        }
        var upTo = Math.Min(toSequenceNr, LastSequenceNr);
        var journal = _persistence.Journal;
        var id = PersistenceId;
        _ = DeleteAndReport();

        async Task DeleteAndReport()
        {
            try
            {
                await journal.DeleteToAsync(id, upTo).ConfigureAwait(false);
                self.Tell(new DeleteMessagesSuccess(toSequenceNr), self);
            }
            catch (Exception e)
            {
                self.Tell(new DeleteMessagesFailure(toSequenceNr, e), self);
            }
        }
    }

    /// <summary>Deletes this actor's snapshots up to <paramref name="maxSequenceNr"/>; the actor later gets <see cref="DeleteSnapshotsSuccess"/> or <see cref="DeleteSnapshotsFailure"/>.</summary>
    protected void DeleteSnapshots(long maxSequenceNr)
    {
        var self = Self;
        var store = _persistence.SnapshotStore;
        var id = PersistenceId;
        _ = DeleteAndReport();

        async Task DeleteAndReport()
        {
            try
            {
                await store.DeleteToAsync(id, maxSequenceNr).ConfigureAwait(false);
                self.Tell(new DeleteSnapshotsSuccess(maxSequenceNr), self);
            }
            catch (Exception e)
            {
                self.Tell(new DeleteSnapshotsFailure(maxSequenceNr, e), self);
            }
        }
    }

    /// <summary>A write failed (the journal may or may not have it); the actor stops right after this.</summary>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        Log.Error(cause, "{PersistenceId}: persisting {EventType} #{SequenceNr} failed; stopping: {Error}",
            PersistenceId, @event.GetType().Name, sequenceNr, cause.Message);

    /// <summary>
    /// A write was rejected and nothing was written (<paramref name="sequenceNr"/> is the number the event
    /// would have had; it is not used up). The event's handler does not run; the actor carries on.
    /// </summary>
    protected virtual void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Log.Warning(cause, "{PersistenceId}: persisting {EventType} #{SequenceNr} was rejected: {Error}",
            PersistenceId, @event.GetType().Name, sequenceNr, cause.Message);

    /// <summary>Recovery failed (loading, reading, or a recovery handler threw); the actor stops right after this.</summary>
    protected virtual void OnRecoveryFailure(Exception reason, object? message) =>
        Log.Error(reason, "{PersistenceId}: recovery failed at {Message}; stopping: {Error}",
            PersistenceId, message?.GetType().Name ?? "(loading)", reason.Message);

    protected sealed override bool Receive(object message)
    {
        _building = null; // registration ends with the constructor
        var handled = _commands.TryHandle(message);
        if (_pending.Count > 0 && !_flushing) ActorTaskScheduler.RunTask(FlushAsync);
        return handled;
    }

    public sealed override void AroundPreStart()
    {
        base.AroundPreStart();
        StartRecovery();
    }

    public sealed override void AroundPostRestart(Exception cause, object message)
    {
        base.AroundPostRestart(cause, message);
        StartRecovery();
    }

    private void StartRecovery()
    {
        _building = null;
        ActorTaskScheduler.RunTask(RecoverAsync);
    }

    private void Enqueue(PendingWrite write)
    {
        if (!Equals(ActorCell.GetCurrentSelfOrNoSender(), _self))
            throw new InvalidOperationException("Persist can only be called on the actor's own turn (in a handler), not from another thread.");
        if (_recovering)
            throw new InvalidOperationException("Persist cannot be called during recovery (replayed events were persisted already); use RecoveryCompleted.");
        _pending.Add(write);
    }

    private async Task RecoverAsync()
    {
        object? current = null;
        try
        {
            var snapshot = await _persistence.SnapshotStore.LoadLatestAsync(PersistenceId);
            if (snapshot is not null)
            {
                var state = _persistence.Serializer.Deserialize(snapshot.Manifest, snapshot.SchemaVersion, snapshot.Payload);
                var offer = new SnapshotOffer(new SnapshotMetadata(snapshot.PersistenceId, snapshot.SequenceNr, snapshot.Timestamp), state);
                current = offer;
                LastSequenceNr = SnapshotSequenceNr = snapshot.SequenceNr;
                ApplyRecovery(offer);
            }
            await foreach (var entry in _persistence.Journal.ReplayAsync(PersistenceId, LastSequenceNr + 1, long.MaxValue))
            {
                current = entry;
                var @event = _persistence.Serializer.Deserialize(entry.Manifest, entry.SchemaVersion, entry.Payload);
                current = @event;
                LastSequenceNr = entry.SequenceNr;
                ApplyRecovery(@event);
            }
            current = null;
            // Events deleted past the snapshot still used their numbers: never write them again.
            LastSequenceNr = Math.Max(LastSequenceNr, await _persistence.Journal.ReadHighestSequenceNrAsync(PersistenceId));
            _writtenSequenceNr = LastSequenceNr;
            _recovering = false;
            current = RecoveryCompleted.Instance;
            ApplyRecovery(RecoveryCompleted.Instance);
        }
        catch (Exception e)
        {
            _pending.Clear();
            try
            {
                OnRecoveryFailure(e, current);
            }
            finally
            {
                Context.Stop(Self);
            }
            return;
        }
        if (_pending.Count > 0) await FlushAsync(); // Persist called in the RecoveryCompleted handler
    }

    private void ApplyRecovery(object message)
    {
        if (!_recover.TryHandle(message) && message is not RecoveryCompleted) Unhandled(message);
    }

    /// <summary>
    /// Writes what the handler persisted, in rounds: one journal write per round, then each event's
    /// handler in order. Events persisted by those handlers form the next round (Akka's nested persist order).
    /// </summary>
    private async Task FlushAsync()
    {
        _flushing = true;
        try
        {
            while (_pending.Count > 0)
            {
                PendingWrite[] round = [.. _pending];
                _pending.Clear();
                var written = new List<(PendingWrite Write, object Event, long SequenceNr)>();
                var entries = new List<JournalEntry>();
                var now = Context.System.GetTimeProvider().GetUtcNow();
                var next = _writtenSequenceNr;
                foreach (var write in round)
                {
                    SerializedPayload[] serialized;
                    try
                    {
                        serialized = [.. write.Events.Select(_persistence.Serializer.Serialize)];
                    }
                    catch (PersistenceSerializationException e)
                    {
                        for (var i = 0; i < write.Events.Length; i++) OnPersistRejected(e, write.Events[i], next + 1 + i);
                        continue;
                    }
                    for (var i = 0; i < serialized.Length; i++)
                    {
                        var sequenceNr = ++next;
                        entries.Add(new JournalEntry(PersistenceId, sequenceNr, serialized[i].Manifest, serialized[i].SchemaVersion, serialized[i].Payload, now));
                        written.Add((write, write.Events[i], sequenceNr));
                    }
                }
                if (entries.Count == 0) continue;

                try
                {
                    await _persistence.Journal.WriteAsync(entries).WaitAsync(_persistence.WriteTimeout, Context.System.GetTimeProvider());
                }
                catch (JournalConflictException e)
                {
                    foreach (var (_, @event, sequenceNr) in written) OnPersistRejected(e, @event, sequenceNr);
                    continue;
                }
                catch (Exception e)
                {
                    _pending.Clear();
                    try
                    {
                        OnPersistFailure(e, written[0].Event, written[0].SequenceNr);
                    }
                    finally
                    {
                        Context.Stop(Self);
                    }
                    return;
                }

                _writtenSequenceNr = next;
                foreach (var (write, @event, sequenceNr) in written)
                {
                    LastSequenceNr = sequenceNr;
                    write.Handler(@event);
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }

    private sealed record PendingWrite(object[] Events, Action<object> Handler);

    private sealed class HandlerSet
    {
        private Func<object, bool>[] _handlers = [];

        public void Add<T>(Action<T> handler, Predicate<T>? shouldHandle) =>
            _handlers = [.. _handlers, message =>
            {
                if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
                handler(typed);
                return true;
            }];

        public bool TryHandle(object message)
        {
            foreach (var handler in _handlers)
                if (handler(message)) return true;
            return false;
        }
    }
}
