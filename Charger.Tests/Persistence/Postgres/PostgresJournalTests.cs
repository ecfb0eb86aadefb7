using System.Data.Common;
using Charger.Actors.Persistence;
using Charger.Actors.Persistence.Postgres;
using Charger.Tests.TestKit;
using Npgsql;

namespace Charger.Tests.Persistence.Postgres;

/// <summary>What the PostgreSQL journal adds to the contract: conflicts across processes, 23505 mapping, commit order, durability, the hook.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalTests(PostgresServerFixture server) : IAsyncLifetime
{
    private string _connectionString = "";
    private PostgresDatabase _db = null!;
    private PostgresJournal _journal = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await server.CreateDatabaseAsync();
        _db = await PostgresDatabase.OpenAsync(_connectionString);
        _journal = new PostgresJournal(_db);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Two_processes_appending_the_same_sequence_number_at_once_one_wins_and_the_other_gets_a_conflict_from_23505()
    {
        await using var other = await PostgresDatabase.OpenAsync(_connectionString);
        var journals = new[] { _journal, new PostgresJournal(other) };
        await _journal.WriteAsync(StoreTestData.Entries("sessions-cp-1", 1, 2));

        var results = await Task.WhenAll(journals.Select((journal, i) => Attempt(Task.Run(() =>
            journal.WriteAsync([StoreTestData.Entry("sessions-cp-1", 3, $$"""{"writer":{{i}}}""")])))));

        Assert.Single(results, r => r is null);
        var conflict = Assert.IsType<JournalConflictException>(Assert.Single(results, r => r is not null));
        Assert.Equal(3, conflict.SequenceNr);
        Assert.Equal("23505", Assert.IsType<PostgresException>(conflict.InnerException).SqlState);
        Assert.Equal([1L, 2, 3], (await _journal.ReplayAllAsync("sessions-cp-1")).Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task A_conflict_in_the_middle_of_a_batch_names_that_entry_and_writes_none_of_the_batch()
    {
        await _journal.WriteAsync(StoreTestData.Entries("p", 1, 3));
        await _journal.WriteAsync([StoreTestData.Entry("p", 5)]); // a gap: 4 is free, 5 is taken

        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() => _journal.WriteAsync(StoreTestData.Entries("p", 4, 6)));

        Assert.Equal(5, conflict.SequenceNr);
        Assert.Equal([1L, 2, 3, 5], (await _journal.ReplayAllAsync("p")).Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task A_number_whose_entry_was_deleted_stays_taken()
    {
        await _journal.WriteAsync(StoreTestData.Entries("p", 1, 5));
        await _journal.DeleteToAsync("p", 5);

        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() => _journal.WriteAsync([StoreTestData.Entry("p", 4)]));

        Assert.Equal(4, conflict.SequenceNr);
        await _journal.WriteAsync([StoreTestData.Entry("p", 6)]);
        Assert.Equal(6, await _journal.ReadHighestSequenceNrAsync("p"));
    }

    [Fact]
    public async Task Appends_commit_with_synchronous_commit_on_even_when_the_database_default_is_off()
    {
        await PostgresDatabaseTests.ExecuteAsync(_connectionString,
            $"ALTER DATABASE {new NpgsqlConnectionStringBuilder(_connectionString).Database} SET synchronous_commit = off;");
        // A new session (not one pooled from before the ALTER) without our settings now gets "off".
        await using (var plain = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString))
        {
            await plain.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW synchronous_commit;", plain);
            Assert.Equal("off", await show.ExecuteScalarAsync());
        }
        await using var db = await PostgresDatabase.OpenAsync(_connectionString);
        var hook = new SettingHook("synchronous_commit");

        await new PostgresJournal(db).WriteAsync([StoreTestData.Entry("p", 1)], hook);

        Assert.Equal("on", hook.Value);
    }

    [Fact]
    public async Task An_append_waits_for_the_one_in_progress_so_orderings_commit_in_order()
    {
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Task.Run(() => _journal.WriteAsync([StoreTestData.Entry("a", 1)], new BlockingHook(holding, release)));
        await holding.Task;

        var second = Task.Run(() => _journal.WriteAsync([StoreTestData.Entry("b", 1)]));
        // The second append is queued on the advisory lock, not inserting beside the first.
        await Until(() => (long)Scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted;") == 1,
            "the second append to wait on the advisory lock");
        Assert.False(second.IsCompleted);

        release.SetResult();
        await Task.WhenAll(first, second);
        var all = await _journal.ReadAllListAsync();
        Assert.Equal(["a", "b"], all.Select(e => e.PersistenceId));
    }

    [Fact]
    public async Task The_hook_commits_with_the_append_and_a_failing_hook_rolls_it_back()
    {
        await PostgresDatabaseTests.ExecuteAsync(_connectionString,
            "CREATE TABLE charger.projection (persistence_id text NOT NULL, sequence_nr bigint NOT NULL, ordering bigint NOT NULL);");
        var hook = new QueryTableHook("charger.projection");

        await _journal.WriteAsync(StoreTestData.Entries("sessions-cp-1", 1, 2), hook);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _journal.WriteAsync([StoreTestData.Entry("sessions-cp-1", 3)], new QueryTableHook("charger.projection") { Fail = true }));

        var written = await _journal.ReplayAllAsync("sessions-cp-1");
        Assert.Equal([1L, 2], written.Select(e => e.SequenceNr));
        Assert.Equal(written, hook.Seen);
        Assert.Equal(2L, Scalar("SELECT count(*) FROM charger.projection;"));
        Assert.Equal(written.Sum(e => e.Ordering), (long)(decimal)Scalar("SELECT sum(ordering) FROM charger.projection;"));
        Assert.Equal(2, await _journal.ReadHighestSequenceNrAsync("sessions-cp-1"));
    }

    [Fact]
    public async Task Timestamps_keep_microseconds_and_the_instant_whatever_the_offset()
    {
        var entry = StoreTestData.Entry("p", 1) with { Timestamp = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_560) };

        await _journal.WriteAsync([entry]);

        var read = Assert.Single(await _journal.ReplayAllAsync("p"));
        Assert.Equal(entry.Timestamp, read.Timestamp);
        Assert.Equal(TimeSpan.Zero, read.Timestamp.Offset);
    }

    private object Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar()!;
    }

    /// <summary>Polls <paramref name="condition"/> (pg_locks has no notification to wait on) for at most 30 s.</summary>
    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(10);
        }
    }

    private static async Task<Exception?> Attempt(Task write)
    {
        try
        {
            await write;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Reads a setting as the append's transaction sees it.</summary>
    private sealed class SettingHook(string setting) : IJournalTransactionHook
    {
        public string? Value { get; private set; }

        public async Task OnAppendAsync(IReadOnlyList<JournalEntry> entries, DbTransaction transaction, CancellationToken cancellationToken)
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SHOW {setting};";
            Value = (string?)await command.ExecuteScalarAsync(cancellationToken);
        }
    }

    /// <summary>Keeps the append's transaction open until released.</summary>
    private sealed class BlockingHook(TaskCompletionSource holding, TaskCompletionSource release) : IJournalTransactionHook
    {
        public async Task OnAppendAsync(IReadOnlyList<JournalEntry> entries, DbTransaction transaction, CancellationToken cancellationToken)
        {
            holding.SetResult();
            await release.Task;
        }
    }
}
