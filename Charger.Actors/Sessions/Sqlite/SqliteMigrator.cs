using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Charger.Actors.Sessions.Sqlite;

/// <summary>Brings a SQLite file's schema up to the last of an ordered list of migrations, tracked in <c>PRAGMA user_version</c>.</summary>
internal static class SqliteMigrator
{
    /// <summary>
    /// Applies every migration above the file's <c>user_version</c>, each in its own IMMEDIATE transaction
    /// that also sets the version, so a crash leaves the file at a whole step and another process migrating
    /// at the same time waits and then skips what is done.
    /// </summary>
    /// <returns>The version before and after.</returns>
    /// <exception cref="UnsupportedSchemaVersionException">The file is newer than the last migration.</exception>
    public static (int From, int To) Migrate(SqliteConnection connection, IReadOnlyList<SqliteMigration> migrations, string databaseName)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"SQLite migrations must be numbered 1, 2, 3... without gaps; found {migrations[i].Version} at position {i + 1}");
        }

        var latest = migrations.Count;
        var from = ReadUserVersion(connection, transaction: null);
        if (from > latest)
            throw new UnsupportedSchemaVersionException(databaseName, from, latest);

        foreach (var migration in migrations)
        {
            if (migration.Version <= from)
                continue;
            using var transaction = connection.BeginTransaction(deferred: false);
            var current = ReadUserVersion(connection, transaction);
            if (current > latest)
                throw new UnsupportedSchemaVersionException(databaseName, current, latest);
            if (current >= migration.Version)
                continue;
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // PRAGMA takes no parameters; the version is our own integer.
            command.CommandText = migration.Sql + $"\nPRAGMA user_version = {migration.Version.ToString(CultureInfo.InvariantCulture)};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
        return (from, ReadUserVersion(connection, transaction: null));
    }

    public static int ReadUserVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
