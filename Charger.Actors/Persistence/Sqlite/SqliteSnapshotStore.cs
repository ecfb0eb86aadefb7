using Microsoft.Data.Sqlite;

namespace Charger.Actors.Persistence.Sqlite;

/// <summary>Snapshots in <see cref="SqliteDatabase"/> (table <c>snapshots</c>, keyed by persistence id and sequence number). The caller owns the database.</summary>
public sealed class SqliteSnapshotStore(SqliteDatabase database) : ISnapshotStore
{
    private readonly SqliteDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    public Task SaveAsync(SnapshotEntry snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrEmpty(snapshot.PersistenceId, nameof(snapshot));
        ArgumentNullException.ThrowIfNull(snapshot.Manifest, nameof(snapshot));
        ArgumentNullException.ThrowIfNull(snapshot.Payload, nameof(snapshot));
        return _database.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO snapshots (persistence_id, sequence_nr, manifest, schema_version, payload, timestamp)
                VALUES ($id, $seq, $manifest, $version, $payload, $timestamp)
                ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET
                    manifest = excluded.manifest, schema_version = excluded.schema_version,
                    payload = excluded.payload, timestamp = excluded.timestamp;
                """;
            command.Parameters.AddWithValue("$id", snapshot.PersistenceId);
            command.Parameters.AddWithValue("$seq", snapshot.SequenceNr);
            command.Parameters.AddWithValue("$manifest", snapshot.Manifest);
            command.Parameters.AddWithValue("$version", snapshot.SchemaVersion);
            command.Parameters.AddWithValue("$payload", snapshot.Payload);
            command.Parameters.AddWithValue("$timestamp", SqliteTimestamp.ToText(snapshot.Timestamp));
            command.ExecuteNonQuery();
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public Task<SnapshotEntry?> LoadLatestAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT persistence_id, sequence_nr, manifest, schema_version, payload, timestamp FROM snapshots
                WHERE persistence_id = $id AND sequence_nr <= $max
                ORDER BY sequence_nr DESC LIMIT 1;
                """;
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$max", maxSequenceNr);
            using var reader = command.ExecuteReader();
            SnapshotEntry? snapshot = reader.Read()
                ? new SnapshotEntry(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                    SqliteTimestamp.FromText(reader.GetString(5)))
                : null;
            return Task.FromResult(snapshot);
        }, cancellationToken);
    }

    public Task DeleteToAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM snapshots WHERE persistence_id = $id AND sequence_nr <= $max;";
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$max", maxSequenceNr);
            command.ExecuteNonQuery();
            return Task.CompletedTask;
        }, cancellationToken);
    }
}
