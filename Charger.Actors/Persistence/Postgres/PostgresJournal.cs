using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace Charger.Actors.Persistence.Postgres;

/// <summary>
/// The event journal in <see cref="PostgresDatabase"/> (table <c>charger.journal</c>). An append is one
/// transaction: an advisory lock serializes appends across every process on the database (so orderings
/// commit in order, see <see cref="PostgresSchema"/>), then the inserts go in one batch; the unique
/// (persistence_id, sequence_nr) constraint turns a reused number into a <see cref="JournalConflictException"/>
/// (SQLSTATE 23505) and nothing of the batch is written. The caller owns the database.
/// </summary>
public sealed class PostgresJournal(PostgresDatabase database) : ITransactionalJournal
{
    /// <summary>Serializes journal appends; "Charger" + 2.</summary>
    private const long AppendLock = 0x43_68_61_72_67_65_72_02;

    private const string UniqueViolation = "23505";

    private const string Columns = "ordering, persistence_id, sequence_nr, manifest, schema_version, payload, \"timestamp\"";

    private readonly PostgresDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    public Task WriteAsync(IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(entries, hook: null, cancellationToken);

    public Task WriteAsync(IReadOnlyList<JournalEntry> entries, IJournalTransactionHook hook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return WriteCoreAsync(entries, hook, cancellationToken);
    }

    private Task WriteCoreAsync(IReadOnlyList<JournalEntry> entries, IJournalTransactionHook? hook, CancellationToken cancellationToken)
    {
        JournalBatch.Validate(entries);
        if (entries.Count == 0)
            return Task.CompletedTask;
        return _database.WriteAsync(async (connection, transaction) =>
        {
            var first = entries[0];
            // One round trip: the lock, the check for numbers taken by deleted entries, then every insert.
            // Each statement of a batch takes its own snapshot, so the check already sees the lock's predecessor.
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({AppendLock});"));
            var check = new NpgsqlBatchCommand("SELECT highest_sequence_nr FROM charger.journal_metadata WHERE persistence_id = $1;");
            check.Parameters.Add(new NpgsqlParameter<string> { TypedValue = first.PersistenceId });
            batch.BatchCommands.Add(check);
            foreach (var entry in entries)
            {
                var insert = new NpgsqlBatchCommand("""
                    INSERT INTO charger.journal (persistence_id, sequence_nr, manifest, schema_version, payload, "timestamp")
                    VALUES ($1, $2, $3, $4, $5, $6) RETURNING ordering;
                    """);
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.PersistenceId });
                insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = entry.SequenceNr });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Manifest });
                insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = entry.SchemaVersion });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Payload });
                insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = entry.Timestamp.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
                batch.BatchCommands.Add(insert);
            }

            var written = new JournalEntry[entries.Count];
            var current = 0; // the entry whose insert result is being read: the one that failed, if one does
            try
            {
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false); // past the lock
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetInt64(0) >= first.SequenceNr)
                    throw new JournalConflictException(first.PersistenceId, first.SequenceNr);
                for (current = 0; current < entries.Count; current++)
                {
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    written[current] = entries[current] with { Ordering = reader.GetInt64(0) };
                }
            }
            catch (PostgresException e) when (e.SqlState == UniqueViolation)
            {
                var entry = entries[Math.Clamp(current, 0, entries.Count - 1)];
                throw new JournalConflictException(entry.PersistenceId, entry.SequenceNr, e);
            }

            if (hook is not null)
                await hook.OnAppendAsync(written, transaction, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public async IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max = long.MaxValue,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        if (max <= 0 || toSequenceNr < fromSequenceNr)
            yield break;
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"""
            SELECT {Columns} FROM charger.journal
            WHERE persistence_id = $1 AND sequence_nr >= $2 AND sequence_nr <= $3
            ORDER BY sequence_nr LIMIT $4;
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromSequenceNr });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = toSequenceNr });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = max });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            yield return ReadEntry(reader);
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.ReadAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("""
                SELECT greatest(
                    coalesce((SELECT max(sequence_nr) FROM charger.journal WHERE persistence_id = $1), 0),
                    coalesce((SELECT highest_sequence_nr FROM charger.journal_metadata WHERE persistence_id = $1), 0));
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);
    }

    public Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.WriteAsync(async (connection, transaction) =>
        {
            // Remember the highest number before its row can go, so numbering never restarts.
            await using var batch = new NpgsqlBatch(connection, transaction);
            var remember = new NpgsqlBatchCommand("""
                INSERT INTO charger.journal_metadata (persistence_id, highest_sequence_nr)
                SELECT persistence_id, max(sequence_nr) FROM charger.journal WHERE persistence_id = $1 GROUP BY persistence_id
                ON CONFLICT (persistence_id) DO UPDATE
                SET highest_sequence_nr = greatest(charger.journal_metadata.highest_sequence_nr, excluded.highest_sequence_nr);
                """);
            remember.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
            var delete = new NpgsqlBatchCommand("DELETE FROM charger.journal WHERE persistence_id = $1 AND sequence_nr <= $2;");
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
            delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = toSequenceNr });
            batch.BatchCommands.Add(remember);
            batch.BatchCommands.Add(delete);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public async IAsyncEnumerable<JournalEntry> ReadAllAsync(long afterOrdering, int max,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (max <= 0)
            yield break;
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM charger.journal WHERE ordering > $1 ORDER BY ordering LIMIT $2;", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterOrdering });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            yield return ReadEntry(reader);
    }

    private static JournalEntry ReadEntry(NpgsqlDataReader reader) => new(
        PersistenceId: reader.GetString(1),
        SequenceNr: reader.GetInt64(2),
        Manifest: reader.GetString(3),
        SchemaVersion: reader.GetInt32(4),
        Payload: reader.GetString(5),
        Timestamp: reader.GetFieldValue<DateTimeOffset>(6),
        Ordering: reader.GetInt64(0));
}
