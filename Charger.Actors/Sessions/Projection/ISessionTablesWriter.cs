namespace Charger.Actors.Sessions.Projection;

/// <summary>
/// The session tables of one database as the projection writes them: a batch of session events and the
/// journal offset they bring the tables to, in one transaction, so a crash can neither lose nor double a
/// session. Implemented per dialect (<see cref="Sqlite.SqliteSessionTables"/>, <see cref="Postgres.PostgresSessionTables"/>).
/// </summary>
public interface ISessionTablesWriter
{
    /// <summary>The journal ordering up to which the tables reflect the journal (0: nothing projected yet).</summary>
    Task<long> ReadOffsetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="events"/> (in journal order) and moves the stored offset from
    /// <paramref name="expectedOffset"/> to <paramref name="newOffset"/>, in one transaction. When the stored
    /// offset is not <paramref name="expectedOffset"/> (another projection, e.g. a CLI import's, moved it),
    /// nothing is written and it returns false: the caller starts again from the stored offset.
    /// </summary>
    Task<bool> ApplyAsync(IReadOnlyList<ISessionEvent> events, long expectedOffset, long newOffset, CancellationToken cancellationToken = default);
}
