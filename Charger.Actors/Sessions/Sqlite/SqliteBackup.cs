using Microsoft.Data.Sqlite;

namespace Charger.Actors.Sessions.Sqlite;

/// <summary>
/// An online copy of a running <see cref="SqliteDatabase"/> through SQLite's backup API: a consistent
/// snapshot of the last committed transaction, taken while the daemon keeps writing (in WAL mode the
/// copy's read transaction does not block the writer).
/// </summary>
public static class SqliteBackup
{
    /// <summary>
    /// Writes the database to <paramref name="destinationPath"/> as one self-contained file (rollback
    /// journal mode, no <c>-wal</c> beside it), openable as a <c>charger.db</c>. The copy is made next to the
    /// destination under a temporary name, checked with <c>PRAGMA integrity_check</c> and then renamed over
    /// it, so the destination is either the old file or a complete new one.
    /// </summary>
    /// <returns>The size of the copy in bytes.</returns>
    public static Task<long> BackupAsync(SqliteDatabase database, string destinationPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        var destination = Path.GetFullPath(destinationPath);
        if (string.Equals(destination, database.FilePath, StringComparison.Ordinal))
            throw new ArgumentException("a backup cannot overwrite the database it copies", nameof(destinationPath));
        var directory = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.tmp");

        return database.ReadAsync(source =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var target = new SqliteConnectionStringBuilder { DataSource = temporary, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
                using (var copy = new SqliteConnection(target))
                {
                    copy.Open();
                    source.BackupDatabase(copy);
                    using var command = copy.CreateCommand();
                    command.CommandText = "PRAGMA journal_mode = DELETE;";
                    command.ExecuteNonQuery();
                    command.CommandText = "PRAGMA integrity_check;";
                    var check = command.ExecuteScalar() as string;
                    if (check != "ok")
                        throw new InvalidOperationException($"the backup copy failed its integrity check: {check}");
                }
                File.Move(temporary, destination, overwrite: true);
                return Task.FromResult(new FileInfo(destination).Length);
            }
            finally
            {
                File.Delete(temporary);
            }
        }, cancellationToken);
    }
}
