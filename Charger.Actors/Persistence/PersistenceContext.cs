namespace Charger.Actors.Persistence;

/// <summary>
/// What a <see cref="PersistentActor"/> persists with: the journal, the snapshot store and the
/// serializer. Built once by the composition root (or a test) and handed to each persistent actor's
/// constructor, so what an actor writes to is explicit and a test can give it an in-memory store.
/// </summary>
public sealed class PersistenceContext
{
    public PersistenceContext(IJournal journal, ISnapshotStore snapshotStore, PersistenceSerializer serializer)
    {
        Journal = journal ?? throw new ArgumentNullException(nameof(journal));
        SnapshotStore = snapshotStore ?? throw new ArgumentNullException(nameof(snapshotStore));
        Serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
    }

    public IJournal Journal { get; }

    public ISnapshotStore SnapshotStore { get; }

    public PersistenceSerializer Serializer { get; }

    /// <summary>
    /// How long a journal write may take before it counts as failed (the actor then stops, and its
    /// backoff supervisor restarts it). Measured on the actor system's clock.
    /// </summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
