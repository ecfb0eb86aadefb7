using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Migration;
using Npgsql;
using static Charger.Actors.Sessions.Postgres.SessionParameter;

namespace Charger.Actors.Sessions.Postgres;

/// <summary>The previous release's journal tables in the <c>charger</c> schema (<see cref="ILegacyJournal"/>).</summary>
public sealed class PostgresLegacyJournal(PostgresDatabase database) : ILegacyJournal
{
    public Task<bool> ExistsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => TableExistsAsync(connection, null, "journal", cancellationToken), cancellationToken);

    public Task<IReadOnlyList<(string PersistenceId, long HighestSequenceNr)>> StreamsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<(string, long)>>(async connection =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT persistence_id, max(sequence_nr) FROM charger.journal GROUP BY persistence_id ORDER BY min(ordering);", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var streams = new List<(string, long)>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) streams.Add((reader.GetString(0), reader.GetInt64(1)));
            return streams;
        }, cancellationToken);

    public Task<IReadOnlyList<LegacyEntry>> ReadAsync(string persistenceId, long afterSequenceNr, int max, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<LegacyEntry>>(async connection =>
        {
            await using var command = new NpgsqlCommand("""
                SELECT sequence_nr, manifest, schema_version, payload FROM charger.journal
                WHERE persistence_id = $1 AND sequence_nr > $2 ORDER BY sequence_nr LIMIT $3;
                """, connection);
            command.Parameters.Add(Text(persistenceId));
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequenceNr });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var entries = new List<LegacyEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                entries.Add(new LegacyEntry(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3)));
            return entries;
        }, cancellationToken);

    /// <summary>Renames the old tables <c>legacy_*</c> (kept, as the copy of the old data: a server has no file to copy beside).</summary>
    public Task RetireAsync(CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            long end = 0;
            if (await TableExistsAsync(connection, transaction, SessionJournal.JournalTable, cancellationToken).ConfigureAwait(false))
            {
                await using var max = new NpgsqlCommand($"SELECT coalesce(max(ordering), 0) FROM charger.{SessionJournal.JournalTable};", connection, transaction);
                end = Convert.ToInt64(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
            }
            await PostgresSessionTables.SetOffsetAsync(transaction, end, cancellationToken).ConfigureAwait(false);
            await using var rename = new NpgsqlCommand("""
                ALTER TABLE charger.journal RENAME TO legacy_journal;
                ALTER TABLE IF EXISTS charger.journal_metadata RENAME TO legacy_journal_metadata;
                ALTER TABLE IF EXISTS charger.snapshots RENAME TO legacy_snapshots;
                """, connection, transaction);
            await rename.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private static async Task<bool> TableExistsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL;", connection, transaction);
        command.Parameters.Add(Text($"{PostgresSchema.Name}.{table}"));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
