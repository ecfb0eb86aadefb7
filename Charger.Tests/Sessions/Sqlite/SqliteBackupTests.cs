using Charger.Actors.Sessions.Sqlite;
using Microsoft.Data.Sqlite;

namespace Charger.Tests.Sessions.Sqlite;

/// <summary>Online backups of a database that keeps being written.</summary>
public sealed class SqliteBackupTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_backup_taken_while_events_are_appended_is_a_consistent_readable_copy_and_the_writes_go_on()
    {
        await using var db = await SqliteDatabase.OpenAsync(Path.Combine(_dir.Path, "data"));
        var journal = new SqliteJournal(db);
        var fiftyWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var backupDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var afterBackup = 0;

        // The writer appends one event at a time until it has written ten more after the backup finished.
        var writer = Task.Run(async () =>
        {
            for (long n = 1; ; n++)
            {
                await journal.WriteAsync([StoreTestData.Entry("sessions-cp-1", n)]);
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

        // The copy opens as a data directory of its own and holds an unbroken prefix of the events.
        var restoredDir = Path.Combine(_dir.Path, "restored");
        Directory.CreateDirectory(restoredDir);
        File.Copy(backupPath, Path.Combine(restoredDir, SqliteDatabase.FileName));
        await using var restored = await SqliteDatabase.OpenAsync(restoredDir);
        var copied = await new SqliteJournal(restored).ReplayAllAsync("sessions-cp-1");
        Assert.InRange(copied.Count, 50, total - 10);
        Assert.Equal(Enumerable.Range(1, copied.Count).Select(n => (long)n), copied.Select(e => e.SequenceNr));
        Assert.Equal(StoreTestData.Entry("sessions-cp-1", 50), copied[49] with { Ordering = 0 });

        // The live database has every event, the ten after the backup included.
        Assert.Equal(total, (await journal.ReplayAllAsync("sessions-cp-1")).Count);
    }

    [Fact]
    public async Task A_backup_replaces_an_older_backup_at_the_same_path()
    {
        await using var db = await SqliteDatabase.OpenAsync(Path.Combine(_dir.Path, "data"));
        var journal = new SqliteJournal(db);
        var backupPath = _dir.File("backup.db");
        await journal.WriteAsync([StoreTestData.Entry("p", 1)]);
        await SqliteBackup.BackupAsync(db, backupPath);
        await journal.WriteAsync([StoreTestData.Entry("p", 2)]);

        await SqliteBackup.BackupAsync(db, backupPath);

        await using var copy = await SqliteDatabase.OpenFileAsync(backupPath);
        Assert.Equal(2, await new SqliteJournal(copy).ReadHighestSequenceNrAsync("p"));
    }

    [Fact]
    public async Task A_backup_onto_the_live_database_file_is_refused()
    {
        await using var db = await SqliteDatabase.OpenAsync(_dir.Path);

        await Assert.ThrowsAsync<ArgumentException>(() => SqliteBackup.BackupAsync(db, db.FilePath));
    }
}
