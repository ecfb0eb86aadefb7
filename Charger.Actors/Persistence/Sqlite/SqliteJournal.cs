using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Charger.Actors.Persistence.Sqlite;

/// <summary>
/// The event journal in <see cref="SqliteDatabase"/> (table <c>journal</c>, see <see cref="SqliteSchema"/>).
/// An append is one transaction on the database's writer, durable on return (WAL, <c>synchronous=FULL</c>);
/// the unique (persistence_id, sequence_nr) constraint turns a reused sequence number into a
/// <see cref="JournalConflictException"/> and the whole batch is rolled back. The database is shared and
/// owned by the caller: disposing it is the caller's job.
/// </summary>
public sealed class SqliteJournal(SqliteDatabase database) : ITransactionalJournal
{
    private const int SqliteConstraint = 19;

    private const string Columns = "ordering, persistence_id, sequence_nr, manifest, schema_version, payload, timestamp";

    private readonly SqliteDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

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
            // Entries up to a DeleteTo are gone from the table, but their numbers stay taken.
            using (var deleted = connection.CreateCommand())
            {
                deleted.Transaction = transaction;
                deleted.CommandText = "SELECT highest_sequence_nr FROM journal_metadata WHERE persistence_id = $id;";
                deleted.Parameters.AddWithValue("$id", first.PersistenceId);
                if (deleted.ExecuteScalar() is long highestDeleted && highestDeleted >= first.SequenceNr)
                    throw new JournalConflictException(first.PersistenceId, first.SequenceNr);
            }

            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO journal (persistence_id, sequence_nr, manifest, schema_version, payload, timestamp)
                VALUES ($id, $seq, $manifest, $version, $payload, $timestamp)
                RETURNING ordering;
                """;
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var manifest = insert.Parameters.Add("$manifest", SqliteType.Text);
            var version = insert.Parameters.Add("$version", SqliteType.Integer);
            var payload = insert.Parameters.Add("$payload", SqliteType.Text);
            var timestamp = insert.Parameters.Add("$timestamp", SqliteType.Text);
            var written = hook is null ? null : new JournalEntry[entries.Count];
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                id.Value = entry.PersistenceId;
                seq.Value = entry.SequenceNr;
                manifest.Value = entry.Manifest;
                version.Value = entry.SchemaVersion;
                payload.Value = entry.Payload;
                timestamp.Value = SqliteTimestamp.ToText(entry.Timestamp);
                long ordering;
                try
                {
                    ordering = (long)insert.ExecuteScalar()!;
                }
                catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
                {
                    throw new JournalConflictException(entry.PersistenceId, entry.SequenceNr, e);
                }
                if (written is not null)
                    written[i] = entry with { Ordering = ordering };
            }

            if (hook is not null)
                await hook.OnAppendAsync(written!, transaction, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public async IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max = long.MaxValue,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        if (max <= 0 || toSequenceNr < fromSequenceNr)
            yield break;
        var connection = _database.RentReader();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {Columns} FROM journal
                WHERE persistence_id = $id AND sequence_nr >= $from AND sequence_nr <= $to
                ORDER BY sequence_nr LIMIT $max;
                """;
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$from", fromSequenceNr);
            command.Parameters.AddWithValue("$to", toSequenceNr);
            command.Parameters.AddWithValue("$max", max);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return ReadEntry(reader);
            }
        }
        finally
        {
            _database.ReturnReader(connection);
        }
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT max(
                    coalesce((SELECT max(sequence_nr) FROM journal WHERE persistence_id = $id), 0),
                    coalesce((SELECT highest_sequence_nr FROM journal_metadata WHERE persistence_id = $id), 0));
                """;
            command.Parameters.AddWithValue("$id", persistenceId);
            return Task.FromResult((long)command.ExecuteScalar()!);
        }, cancellationToken);
    }

    public Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // Remember the highest number before its row can go, so numbering never restarts.
            command.CommandText = """
                INSERT INTO journal_metadata (persistence_id, highest_sequence_nr)
                SELECT persistence_id, max(sequence_nr) FROM journal WHERE persistence_id = $id GROUP BY persistence_id
                ON CONFLICT (persistence_id) DO UPDATE SET highest_sequence_nr = max(highest_sequence_nr, excluded.highest_sequence_nr);
                DELETE FROM journal WHERE persistence_id = $id AND sequence_nr <= $to;
                """;
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$to", toSequenceNr);
            command.ExecuteNonQuery();
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public async IAsyncEnumerable<JournalEntry> ReadAllAsync(long afterOrdering, int max,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (max <= 0)
            yield break;
        var connection = _database.RentReader();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM journal WHERE ordering > $after ORDER BY ordering LIMIT $max;";
            command.Parameters.AddWithValue("$after", afterOrdering);
            command.Parameters.AddWithValue("$max", max);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return ReadEntry(reader);
            }
        }
        finally
        {
            _database.ReturnReader(connection);
        }
    }

    private static JournalEntry ReadEntry(SqliteDataReader reader) => new(
        PersistenceId: reader.GetString(1),
        SequenceNr: reader.GetInt64(2),
        Manifest: reader.GetString(3),
        SchemaVersion: reader.GetInt32(4),
        Payload: reader.GetString(5),
        Timestamp: SqliteTimestamp.FromText(reader.GetString(6)),
        Ordering: reader.GetInt64(0));
}
