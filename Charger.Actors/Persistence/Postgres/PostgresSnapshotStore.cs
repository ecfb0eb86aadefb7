using Npgsql;
using NpgsqlTypes;

namespace Charger.Actors.Persistence.Postgres;

/// <summary>Snapshots in <see cref="PostgresDatabase"/> (table <c>charger.snapshots</c>). The caller owns the database.</summary>
public sealed class PostgresSnapshotStore(PostgresDatabase database) : ISnapshotStore
{
    private readonly PostgresDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    public Task SaveAsync(SnapshotEntry snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrEmpty(snapshot.PersistenceId, nameof(snapshot));
        ArgumentNullException.ThrowIfNull(snapshot.Manifest, nameof(snapshot));
        ArgumentNullException.ThrowIfNull(snapshot.Payload, nameof(snapshot));
        return _database.WriteAsync(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO charger.snapshots (persistence_id, sequence_nr, manifest, schema_version, payload, "timestamp")
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET
                    manifest = excluded.manifest, schema_version = excluded.schema_version,
                    payload = excluded.payload, "timestamp" = excluded."timestamp";
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = snapshot.PersistenceId });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = snapshot.SequenceNr });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = snapshot.Manifest });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = snapshot.SchemaVersion });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = snapshot.Payload });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = snapshot.Timestamp.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<SnapshotEntry?> LoadLatestAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.ReadAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("""
                SELECT persistence_id, sequence_nr, manifest, schema_version, payload, "timestamp" FROM charger.snapshots
                WHERE persistence_id = $1 AND sequence_nr <= $2
                ORDER BY sequence_nr DESC LIMIT 1;
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = maxSequenceNr });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            return new SnapshotEntry(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5));
        }, cancellationToken);
    }

    public Task DeleteToAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.WriteAsync(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM charger.snapshots WHERE persistence_id = $1 AND sequence_nr <= $2;", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = maxSequenceNr });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }
}
