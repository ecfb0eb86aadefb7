using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Sessions.Sqlite;
using Charger.Tests.Sessions.Sqlite;
using Charger.Tests.TestKit;

namespace Charger.Tests.Host.Cli;

/// <summary><c>charger backup</c> run as the built executable against a charger.db another process is writing.</summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("charger-backup-").FullName;

    private string DataDir => Path.Combine(_dir, "data");

    private Task<(int Exit, string Out, string Err)> Charger(params string[] args) =>
        ChargerExecutable.RunAsync(_dir, new Dictionary<string, string> { ["CHARGER_DATA_DIR"] = DataDir }, args);

    [Fact]
    public async Task Copies_the_committed_data_of_a_database_in_use_and_the_writer_carries_on()
    {
        await using var database = await SqliteDatabase.OpenAsync(DataDir);
        var tables = new SqliteSessionTables(database);
        await tables.ApplyAsync([Opened("s-1"), Opened("s-2"), Opened("s-3")], 0, 3);
        // Still in the WAL (the database stays open, nothing checkpoints): the copy must include it anyway.
        Assert.True(new FileInfo(database.FilePath + "-wal").Length > 0);
        var destination = Path.Combine(_dir, "backups", "charger-backup.db");

        var (exit, stdout, stderr) = await Charger("backup", destination);

        Assert.True(exit == 0, stderr);
        Assert.Contains($"to {destination}: {new FileInfo(destination).Length} bytes, integrity check ok", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(destination + "-wal"));
        Assert.True(await tables.ApplyAsync([Opened("s-4")], 3, 4));
        await using var copy = await SqliteDatabase.OpenFileAsync(destination);
        Assert.Equal(["s-1", "s-2", "s-3"], (await new SqliteSessionQueries(copy).ListAsync(new SessionFilter("cp-1"))).Sessions.Select(s => s.SessionId).Order());
        Assert.Equal(3, await new SqliteSessionTables(copy).ReadOffsetAsync());
        Assert.Equal(4, (await new SqliteSessionQueries(database).StatsAsync("cp-1")).Total);
    }

    private static SessionOpened Opened(string id) => new(id, "cp-1", "u", DateTimeOffset.UnixEpoch.AddDays(id[^1]), 5);

    [Fact]
    public async Task Without_a_database_it_exits_66_and_creates_nothing()
    {
        var destination = Path.Combine(_dir, "charger-backup.db");
        var (exit, _, stderr) = await Charger("backup", destination);
        Assert.Equal(66, exit);
        Assert.Contains($"there is no database at {Path.Combine(DataDir, SqliteDatabase.FileName)}", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
        Assert.False(Directory.Exists(DataDir));
    }

    [Fact]
    public async Task A_bad_setting_exits_78_naming_the_key()
    {
        var (exit, _, stderr) = await Charger("backup", Path.Combine(_dir, "b.db"), "--set", "persistence.provider=memory");
        Assert.Equal(78, exit);
        Assert.Contains("persistence.provider", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
