namespace Charger.Actors.Persistence;

/// <summary>Snapshots that shorten recovery: recovery loads the latest one and replays only the events after it.</summary>
public interface ISnapshotStore
{
    /// <summary>Saves durably; a snapshot for the same id and sequence number is replaced.</summary>
    Task SaveAsync(SnapshotEntry snapshot, CancellationToken cancellationToken = default);

    /// <summary>The latest snapshot of the id with SequenceNr &lt;= <paramref name="maxSequenceNr"/>, or null.</summary>
    Task<SnapshotEntry?> LoadLatestAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Deletes the id's snapshots with SequenceNr &lt;= <paramref name="maxSequenceNr"/>.</summary>
    Task DeleteToAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default);
}
