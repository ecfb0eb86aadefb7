using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Migration;
using Microsoft.Data.Sqlite;

namespace Charger.Actors.Sessions.Sqlite;

/// <summary>The previous release's journal tables in <c>charger.db</c> (<see cref="ILegacyJournal"/>).</summary>
public sealed class SqliteLegacyJournal(SqliteDatabase database) : ILegacyJournal
{
    public Task<bool> ExistsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => Task.FromResult(TableExists(connection, null, "journal")), cancellationToken);

    public Task<IReadOnlyList<(string PersistenceId, long HighestSequenceNr)>> StreamsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT persistence_id, max(sequence_nr) FROM journal GROUP BY persistence_id ORDER BY min(ordering);";
            using var reader = command.ExecuteReader();
            var streams = new List<(string, long)>();
            while (reader.Read()) streams.Add((reader.GetString(0), reader.GetInt64(1)));
            return Task.FromResult<IReadOnlyList<(string, long)>>(streams);
        }, cancellationToken);

    public Task<IReadOnlyList<LegacyEntry>> ReadAsync(string persistenceId, long afterSequenceNr, int max, CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT sequence_nr, manifest, schema_version, payload FROM journal
                WHERE persistence_id = $id AND sequence_nr > $after ORDER BY sequence_nr LIMIT $max;
                """;
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$after", afterSequenceNr);
            command.Parameters.AddWithValue("$max", max);
            using var reader = command.ExecuteReader();
            var entries = new List<LegacyEntry>();
            while (reader.Read()) entries.Add(new LegacyEntry(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3)));
            return Task.FromResult<IReadOnlyList<LegacyEntry>>(entries);
        }, cancellationToken);

    /// <summary>Drops the old tables: <c>charger.db.v{N}.bak</c>, copied before the upgrade began, keeps them.</summary>
    public Task RetireAsync(CancellationToken cancellationToken = default) =>
        database.WriteAsync((connection, transaction) =>
        {
            long end = 0;
            if (TableExists(connection, transaction, SessionJournal.JournalTable))
            {
                using var max = connection.CreateCommand();
                max.Transaction = transaction;
                max.CommandText = $"SELECT coalesce(max(ordering), 0) FROM {SessionJournal.JournalTable};";
                end = (long)max.ExecuteScalar()!;
            }
            SqliteSessionTables.SetOffset(connection, transaction, end);
            using var drop = connection.CreateCommand();
            drop.Transaction = transaction;
            drop.CommandText = "DROP TABLE journal; DROP TABLE IF EXISTS journal_metadata; DROP TABLE IF EXISTS snapshots;";
            drop.ExecuteNonQuery();
            return Task.CompletedTask;
        }, cancellationToken);

    private static bool TableExists(SqliteConnection connection, SqliteTransaction? transaction, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", table);
        return (long)command.ExecuteScalar()! > 0;
    }
}
