using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Sessions.Sqlite;
using Microsoft.Data.Sqlite;

namespace Charger.Tests.Sessions.Sqlite;

/// <summary>Online backups of a database that keeps being written.</summary>
public sealed class SqliteBackupTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_backup_taken_while_sessions_are_written_is_a_consistent_readable_copy_and_the_writes_go_on()
    {
        await using var db = await SqliteDatabase.OpenAsync(Path.Combine(_dir.Path, "data"));
        var tables = new SqliteSessionTables(db);
        var fiftyWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var backupDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var afterBackup = 0;

        // The writer appends one event at a time until it has written ten more after the backup finished.
        var writer = Task.Run(async () =>
        {
            for (long n = 1; ; n++)
            {
                await Write(tables, n);
                if (n == 50)
                    fiftyWritten.SetResult();
                if (backupDone.Task.IsCompleted && ++afterBackup == 10)
                    return n;
            }
        });
        await fiftyWritten.Task;

        var backupPath = Path.Combine(_dir.Path, "backups", "charger-backup.db");
        var size = await SqliteBackup.BackupAsync(db, backupPath);
        backupDone.SetResult();
        var total = await writer;

        Assert.Equal(new FileInfo(backupPath).Length, size);
        Assert.False(File.Exists(backupPath + "-wal"));
        Assert.Equal([Path.GetFileName(backupPath)], Directory.GetFiles(Path.GetDirectoryName(backupPath)!).Select(Path.GetFileName));
        using (var plain = new SqliteConnection($"Data Source={backupPath};Mode=ReadOnly;Pooling=False"))
        {
            plain.Open();
            Assert.Equal("delete", SqliteDatabaseTests.Pragmas(plain, null)["journal_mode"]);
        }

        // The copy opens as a data directory of its own and holds an unbroken prefix of the sessions, with its offset.
        var restoredDir = Path.Combine(_dir.Path, "restored");
        Directory.CreateDirectory(restoredDir);
        File.Copy(backupPath, Path.Combine(restoredDir, SqliteDatabase.FileName));
        await using var restored = await SqliteDatabase.OpenAsync(restoredDir);
        var offset = await new SqliteSessionTables(restored).ReadOffsetAsync();
        Assert.InRange(offset, 50, total - 10);
        var copied = await new SqliteSessionQueries(restored).ListAsync(new SessionFilter("cp-1", Limit: 1000));
        Assert.Equal(Enumerable.Range(1, (int)offset).Select(n => $"s-{n}").Order(), copied.Sessions.Select(x => x.SessionId).Order());

        // The live database has every session, the ten after the backup included.
        Assert.Equal(total, (await new SqliteSessionQueries(db).StatsAsync("cp-1")).Total);
    }

    private static async Task Write(SqliteSessionTables tables, long n) =>
        Assert.True(await tables.ApplyAsync([new SessionOpened($"s-{n}", "cp-1", "u", DateTimeOffset.UnixEpoch.AddMinutes(n), 5)], n - 1, n));

    [Fact]
    public async Task A_backup_replaces_an_older_backup_at_the_same_path()
    {
        await using var db = await SqliteDatabase.OpenAsync(Path.Combine(_dir.Path, "data"));
        var tables = new SqliteSessionTables(db);
        var backupPath = _dir.File("backup.db");
        await Write(tables, 1);
        await SqliteBackup.BackupAsync(db, backupPath);
        await Write(tables, 2);

        await SqliteBackup.BackupAsync(db, backupPath);

        await using var copy = await SqliteDatabase.OpenFileAsync(backupPath);
        Assert.Equal(2, await new SqliteSessionTables(copy).ReadOffsetAsync());
    }

    [Fact]
    public async Task A_backup_onto_the_live_database_file_is_refused()
    {
        await using var db = await SqliteDatabase.OpenAsync(_dir.Path);

        await Assert.ThrowsAsync<ArgumentException>(() => SqliteBackup.BackupAsync(db, db.FilePath));
    }
}
