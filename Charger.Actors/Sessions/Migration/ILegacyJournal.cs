namespace Charger.Actors.Sessions.Migration;

/// <summary>
/// The journal of the release before Akka.Persistence.Sql (our own <c>journal</c> table, with
/// <c>journal_metadata</c> and <c>snapshots</c>) in one database, as <see cref="LegacyJournalMigration"/> reads
/// and then retires it. Per dialect: <see cref="Sqlite.SqliteLegacyJournal"/>, <see cref="Postgres.PostgresLegacyJournal"/>.
/// </summary>
public interface ILegacyJournal
{
    /// <summary>Whether the previous release's journal table is still there (false once retired, and on a new install after the first start).</summary>
    Task<bool> ExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every persistence id in it, with its highest sequence number.</summary>
    Task<IReadOnlyList<(string PersistenceId, long HighestSequenceNr)>> StreamsAsync(CancellationToken cancellationToken = default);

    /// <summary>One id's entries after <paramref name="afterSequenceNr"/>, in order.</summary>
    Task<IReadOnlyList<LegacyEntry>> ReadAsync(string persistenceId, long afterSequenceNr, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: sets the session projection's offset to the end of Akka's journal (whose events the
    /// session tables already hold: the previous release wrote them in the same transaction as its journal) and
    /// removes the old tables from use. After it, <see cref="ExistsAsync"/> is false and a second start does nothing.
    /// </summary>
    Task RetireAsync(CancellationToken cancellationToken = default);
}

/// <summary>An entry of the previous release's journal: our JSON with its manifest and schema version.</summary>
public sealed record LegacyEntry(long SequenceNr, string Manifest, int SchemaVersion, string Payload);
