using Charger.Actors.Sessions.Migration;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Queries;
using System.Globalization;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Sqlite;
using Charger.Tests.TestKit;
using Microsoft.Data.Sqlite;

namespace Charger.Tests.Sessions.Sqlite;

/// <summary>The SQLite file itself: settings as SQLite reports them, migrations, reopening, the writer and the readers.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Creates_charger_db_in_the_data_directory_in_wal_mode_with_synchronous_full_busy_timeout_and_foreign_keys()
    {
        var dataDir = Path.Combine(_dir.Path, "nested", "data");
        await using var db = await SqliteDatabase.OpenAsync(dataDir, new SqliteDatabaseOptions { BusyTimeout = TimeSpan.FromMilliseconds(2500) });

        Assert.Equal(Path.Combine(dataDir, "charger.db"), db.FilePath);
        Assert.True(File.Exists(db.FilePath));
        var writer = await db.WriteAsync((connection, transaction) => Task.FromResult(Pragmas(connection, transaction)));
        var reader = await db.ReadAsync(connection => Task.FromResult(Pragmas(connection, null)));
        foreach (var pragmas in new[] { writer, reader })
        {
            Assert.Equal("wal", pragmas["journal_mode"]);
            Assert.Equal("2", pragmas["synchronous"]); // 2 = FULL
            Assert.Equal("2500", pragmas["busy_timeout"]);
            Assert.Equal("1", pragmas["foreign_keys"]);
        }
        Assert.Equal("0", writer["query_only"]);
        Assert.Equal("1", reader["query_only"]);
        // WAL is a property of the file: a plain connection that sets nothing sees it too.
        using var plain = new SqliteConnection($"Data Source={db.FilePath};Pooling=False");
        plain.Open();
        Assert.Equal("wal", Pragmas(plain, null)["journal_mode"]);
    }

    [Fact]
    public async Task A_new_file_is_migrated_to_the_latest_schema_version()
    {
        await using var db = await SqliteDatabase.OpenAsync(_dir.Path);

        Assert.Equal(SqliteSchema.LatestVersion, db.SchemaVersion);
        Assert.Equal(SqliteSchema.LatestVersion, await db.ReadAsync(c => Task.FromResult(SqliteMigrator.ReadUserVersion(c, null))));
        var tables = await db.ReadAsync(c => Task.FromResult(Tables(c)));
        Assert.Superset(new HashSet<string> { "journal", "journal_metadata", "snapshots" }, tables.ToHashSet());
    }

    [Fact]
    public async Task A_file_at_an_older_user_version_is_migrated_on_open_and_keeps_its_data()
    {
        var path = _dir.File(SqliteDatabase.FileName);
        // A file as the first release wrote it: migration 1 only, with an event in it.
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            SqliteMigrator.Migrate(old, SqliteSchema.Migrations.Take(1).ToList(), path);
            using var insert = old.CreateCommand();
            insert.CommandText = """
                INSERT INTO journal (persistence_id, sequence_nr, manifest, schema_version, payload, timestamp)
                VALUES ('sessions-cp-1', 1, 'session-started', 1, '{"n":1}', '2026-11-22T10:30:16.0000000Z');
                """;
            insert.ExecuteNonQuery();
            Assert.Equal(1, SqliteMigrator.ReadUserVersion(old, null));
            Assert.DoesNotContain("snapshots", Tables(old));
        }

        var logs = new CapturingLoggerProvider();
        await using var db = await SqliteDatabase.OpenAsync(_dir.Path, logger: logs.CreateLogger("persistence"));

        Assert.Equal(SqliteSchema.LatestVersion, db.SchemaVersion);
        Assert.Contains("snapshots", await db.ReadAsync(c => Task.FromResult(Tables(c))));
        // The old journal is kept for LegacyJournalMigration, and a copy of the file as it was beside it.
        var kept = Assert.Single(await new SqliteLegacyJournal(db).ReadAsync("sessions-cp-1", 0, 10));
        Assert.Equal(new LegacyEntry(1, "session-started", 1, """{"n":1}"""), kept);
        Assert.True(File.Exists(SqliteDatabase.UpgradeCopyPath(path, 1)));
        Assert.Contains(logs.Entries, e => e.Message.Contains($"from schema version 1 to {SqliteSchema.LatestVersion}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_from_a_newer_charger_is_refused_and_left_as_it_is()
    {
        var path = _dir.File(SqliteDatabase.FileName);
        var newer = SqliteSchema.LatestVersion + 1;
        using (var future = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            future.Open();
            using var command = future.CreateCommand();
            command.CommandText = $"CREATE TABLE future (x INTEGER); PRAGMA user_version = {newer.ToString(CultureInfo.InvariantCulture)};";
            command.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<UnsupportedSchemaVersionException>(() => SqliteDatabase.OpenAsync(_dir.Path));

        Assert.Equal(newer, error.Found);
        Assert.Equal(SqliteSchema.LatestVersion, error.Supported);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        Assert.Equal(newer, SqliteMigrator.ReadUserVersion(check, null));
        Assert.Equal(["future"], Tables(check));
    }

    [Fact]
    public async Task Reopening_the_data_directory_keeps_the_session_tables_and_the_projection_offset()
    {
        await using (var db = await SqliteDatabase.OpenAsync(_dir.Path))
            await new SqliteSessionTables(db).ApplyAsync([Opened("s-1"), Opened("s-2")], 0, 7);
        // Closing the last connection checkpoints the WAL into the main file.
        Assert.False(File.Exists(_dir.File("charger.db-wal")));

        await using var reopened = await SqliteDatabase.OpenAsync(_dir.Path);
        Assert.Equal(7, await new SqliteSessionTables(reopened).ReadOffsetAsync());
        Assert.Equal(2, (await new SqliteSessionQueries(reopened).StatsAsync("cp-1")).Total);
    }

    private static SessionOpened Opened(string id) => new(id, "cp-1", "u", DateTimeOffset.UnixEpoch.AddHours(id[^1]), 5);

    [Fact]
    public async Task A_write_that_throws_is_rolled_back_entirely()
    {
        await using var db = await SqliteDatabase.OpenAsync(_dir.Path);

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.WriteAsync((connection, transaction) =>
        {
            Execute(connection, transaction, "CREATE TABLE scratch (x INTEGER); INSERT INTO scratch VALUES (1);");
            throw new InvalidOperationException("boom");
        }));

        Assert.DoesNotContain("scratch", await db.ReadAsync(c => Task.FromResult(Tables(c))));
        // The writer is usable afterwards.
        await db.WriteAsync((connection, transaction) => Task.FromResult(Execute(connection, transaction, "CREATE TABLE scratch (x INTEGER);")));
        Assert.Contains("scratch", await db.ReadAsync(c => Task.FromResult(Tables(c))));
    }

    [Fact]
    public async Task Writes_run_one_at_a_time_in_call_order()
    {
        await using var db = await SqliteDatabase.OpenAsync(_dir.Path);
        await db.WriteAsync((c, t) => Task.FromResult(Execute(c, t, "CREATE TABLE log (n INTEGER NOT NULL);")));
        var inside = 0;
        var overlapped = false;

        // Each write yields while inside its transaction; if two ran together, they would overlap.
        var writes = Enumerable.Range(1, 20).Select(n => db.WriteAsync(async (c, t) =>
        {
            overlapped |= Interlocked.Increment(ref inside) > 1;
            await Task.Yield();
            Execute(c, t, $"INSERT INTO log VALUES ({n.ToString(CultureInfo.InvariantCulture)});");
            Interlocked.Decrement(ref inside);
        })).ToList();
        await Task.WhenAll(writes);

        Assert.False(overlapped);
        var logged = await db.ReadAsync(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = "SELECT n FROM log ORDER BY rowid;";
            using var reader = command.ExecuteReader();
            var values = new List<long>();
            while (reader.Read())
                values.Add(reader.GetInt64(0));
            return Task.FromResult(values);
        });
        Assert.Equal(Enumerable.Range(1, 20).Select(n => (long)n), logged);
    }

    [Fact]
    public async Task Reads_do_not_wait_for_an_open_write_and_see_the_last_commit()
    {
        await using var db = await SqliteDatabase.OpenAsync(_dir.Path);
        var tables = new SqliteSessionTables(db);
        var queries = new SqliteSessionQueries(db);
        await tables.ApplyAsync([Opened("s-1")], 0, 1);
        var insideWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finishWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var write = Task.Run(() => db.WriteAsync(async (c, t) =>
        {
            Execute(c, t, """
                INSERT INTO sessions (session_id, charger_id, status, start_time, start_state, last_state)
                VALUES ('s-2', 'cp-1', 'ACTIVE', '2026-11-22T10:30:16.0000000Z', 5, 5);
                """);
            insideWrite.SetResult();
            await finishWrite.Task;
        }));
        await insideWrite.Task;

        // The write holds its transaction open; a read completes anyway and sees only the committed row.
        Assert.Equal(["s-1"], (await queries.ListAsync(new SessionFilter("cp-1"))).Sessions.Select(x => x.SessionId));
        Assert.Equal(1, await tables.ReadOffsetAsync());
        Assert.False(write.IsCompleted);

        finishWrite.SetResult();
        await write;
        Assert.Equal(["s-2", "s-1"], (await queries.ListAsync(new SessionFilter("cp-1"))).Sessions.Select(x => x.SessionId));
    }

    [Fact]
    public async Task Using_a_disposed_database_throws_object_disposed()
    {
        var db = await SqliteDatabase.OpenAsync(_dir.Path);
        await db.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => new SqliteSessionTables(db).ApplyAsync([Opened("s-1")], 0, 1));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => new SqliteSessionTables(db).ReadOffsetAsync());
    }

    internal static Dictionary<string, string> Pragmas(SqliteConnection connection, SqliteTransaction? transaction) =>
        new[] { "journal_mode", "synchronous", "busy_timeout", "foreign_keys", "query_only" }
            .ToDictionary(name => name, name =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"PRAGMA {name};";
                return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
            });

    internal static List<string> Tables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
            names.Add(reader.GetString(0));
        return names;
    }

    internal static int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}
