using Npgsql;

namespace Charger.Actors.Sessions.Postgres;

/// <summary>Brings the <c>charger</c> schema up to the last of an ordered list of migrations.</summary>
internal static class PostgresMigrator
{
    /// <summary>Serializes migrations of every Charger process on the same database.</summary>
    private const long MigrationLock = 0x43_68_61_72_67_65_72_01; // "Charger" + 1

    /// <summary>
    /// In one transaction under an advisory lock: creates the schema and its version table if missing,
    /// then applies every step above the highest recorded version. PostgreSQL DDL is transactional, so a
    /// failure leaves the database as it was, and a second process starting at the same time waits and
    /// then finds nothing to do.
    /// </summary>
    /// <returns>The version before and after.</returns>
    /// <exception cref="UnsupportedSchemaVersionException">The database is newer than the last migration.</exception>
    public static async Task<(int From, int To)> MigrateAsync(NpgsqlConnection connection, IReadOnlyList<PostgresMigration> migrations,
        string databaseName, CancellationToken cancellationToken)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"PostgreSQL migrations must be numbered 1, 2, 3... without gaps; found {migrations[i].Version} at position {i + 1}");
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var prepare = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock({MigrationLock});
            CREATE SCHEMA IF NOT EXISTS charger;
            CREATE TABLE IF NOT EXISTS charger.schema_version (
                version     integer     PRIMARY KEY,
                description text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            );
            """, connection, transaction))
        {
            await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int from;
        await using (var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM charger.schema_version;", connection, transaction))
            from = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        if (from > migrations.Count)
            throw new UnsupportedSchemaVersionException(databaseName, from, migrations.Count);

        foreach (var migration in migrations.Where(m => m.Version > from))
        {
            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO charger.schema_version (version, description) VALUES ($1, $2);", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Description });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (from, Math.Max(from, migrations.Count));
    }
}
