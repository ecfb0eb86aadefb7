using Charger.Actors.Persistence;
using Charger.Actors.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Charger.Tests.Persistence.Sqlite;

/// <summary>What the SQLite journal adds to the contract: conflicts between writers, atomic batches, the same-transaction hook.</summary>
public sealed class SqliteJournalTests : IAsyncLifetime, IDisposable
{
    private readonly TempDataDirectory _dir = new();
    private SqliteDatabase _db = null!;
    private SqliteJournal _journal = null!;

    public async Task InitializeAsync()
    {
        _db = await SqliteDatabase.OpenAsync(_dir.Path);
        _journal = new SqliteJournal(_db);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Two_writers_appending_the_same_sequence_number_at_once_one_wins_and_the_other_gets_a_conflict()
    {
        await _journal.WriteAsync(StoreTestData.Entries("sessions-cp-1", 1, 2));

        var results = await Task.WhenAll(
            Attempt(Task.Run(() => _journal.WriteAsync([StoreTestData.Entry("sessions-cp-1", 3, """{"writer":"a"}""")]))),
            Attempt(Task.Run(() => _journal.WriteAsync([StoreTestData.Entry("sessions-cp-1", 3, """{"writer":"b"}""")]))));

        Assert.Single(results, r => r is null);
        var conflict = Assert.IsType<JournalConflictException>(Assert.Single(results, r => r is not null));
        Assert.Equal("sessions-cp-1", conflict.PersistenceId);
        Assert.Equal(3, conflict.SequenceNr);
        Assert.Equal([1L, 2, 3], (await _journal.ReplayAllAsync("sessions-cp-1")).Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task Two_processes_on_the_same_file_cannot_both_take_a_sequence_number()
    {
        // A second SqliteDatabase on the same file stands for a second process: its own writer connection.
        await using var other = await SqliteDatabase.OpenFileAsync(_db.FilePath);
        var otherJournal = new SqliteJournal(other);
        await _journal.WriteAsync(StoreTestData.Entries("sessions-cp-1", 1, 2));

        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() => otherJournal.WriteAsync(StoreTestData.Entries("sessions-cp-1", 2, 3)));

        Assert.Equal(2, conflict.SequenceNr);
        Assert.IsType<SqliteException>(conflict.InnerException);
        Assert.Equal(2, await otherJournal.ReadHighestSequenceNrAsync("sessions-cp-1"));
    }

    [Fact]
    public async Task A_batch_with_one_taken_number_writes_none_of_its_entries()
    {
        await _journal.WriteAsync(StoreTestData.Entries("p", 1, 3));

        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() => _journal.WriteAsync(StoreTestData.Entries("p", 3, 6)));

        Assert.Equal(3, conflict.SequenceNr);
        Assert.Equal(3, await _journal.ReadHighestSequenceNrAsync("p"));
        Assert.Equal(3, (await _journal.ReadAllListAsync()).Count);
        // The journal goes on from where it was.
        await _journal.WriteAsync(StoreTestData.Entries("p", 4, 6));
        Assert.Equal(6, await _journal.ReadHighestSequenceNrAsync("p"));
    }

    [Fact]
    public async Task A_conflict_in_the_middle_of_a_batch_names_that_entry()
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

        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() => _journal.WriteAsync([StoreTestData.Entry("p", 5)]));

        Assert.Equal(5, conflict.SequenceNr);
        Assert.Empty(await _journal.ReplayAllAsync("p"));
        await _journal.WriteAsync([StoreTestData.Entry("p", 6)]);
        Assert.Equal(6, await _journal.ReadHighestSequenceNrAsync("p"));
    }

    [Fact]
    public async Task Entries_come_back_exactly_as_written_with_their_ordering()
    {
        var odd = StoreTestData.Entry("p", 1, """{"text":"Grüße \"quoted\" \u2603","n":1.5}""") with
        {
            Timestamp = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567),
            SchemaVersion = 7,
        };

        await _journal.WriteAsync([odd]);

        var read = Assert.Single(await _journal.ReplayAllAsync("p"));
        Assert.Equal(odd with { Ordering = read.Ordering }, read);
        Assert.Equal(odd.Timestamp.UtcTicks, read.Timestamp.UtcTicks);
        Assert.True(read.Ordering > 0);
    }

    [Fact]
    public async Task Orderings_are_never_reused_after_deletes()
    {
        await _journal.WriteAsync(StoreTestData.Entries("a", 1, 3));
        var before = (await _journal.ReadAllListAsync()).Max(e => e.Ordering);
        await _journal.DeleteToAsync("a", 3);

        await _journal.WriteAsync([StoreTestData.Entry("b", 1)]);

        Assert.True(Assert.Single(await _journal.ReadAllListAsync()).Ordering > before);
    }

    [Fact]
    public async Task The_hook_commits_with_the_append_and_sees_the_orderings()
    {
        await CreateProjectionTableAsync();
        var hook = new QueryTableHook("projection");

        await _journal.WriteAsync(StoreTestData.Entries("sessions-cp-1", 1, 2), hook);

        var written = await _journal.ReplayAllAsync("sessions-cp-1");
        Assert.Equal(written, hook.Seen);
        Assert.Equal(written.Select(e => (e.PersistenceId, e.SequenceNr, e.Ordering)), await ProjectionAsync());
    }

    [Fact]
    public async Task A_failing_hook_rolls_back_the_append()
    {
        await CreateProjectionTableAsync();
        var hook = new QueryTableHook("projection") { Fail = true };

        await Assert.ThrowsAsync<InvalidOperationException>(() => _journal.WriteAsync(StoreTestData.Entries("sessions-cp-1", 1, 2), hook));

        Assert.Empty(await _journal.ReplayAllAsync("sessions-cp-1"));
        Assert.Equal(0, await _journal.ReadHighestSequenceNrAsync("sessions-cp-1"));
        Assert.Empty(await ProjectionAsync());
    }

    [Fact]
    public async Task A_hooked_journal_runs_its_hook_on_every_plain_write()
    {
        await CreateProjectionTableAsync();
        IJournal hooked = new HookedJournal(_journal, new QueryTableHook("projection"));

        await hooked.WriteAsync([StoreTestData.Entry("a", 1)]);
        await hooked.WriteAsync([StoreTestData.Entry("b", 1)]);

        Assert.Equal(["a", "b"], (await ProjectionAsync()).Select(r => r.PersistenceId));
        Assert.Equal(1, await hooked.ReadHighestSequenceNrAsync("b"));
    }

    [Fact]
    public async Task A_batch_that_is_not_one_id_with_consecutive_numbers_is_refused_before_writing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _journal.WriteAsync([StoreTestData.Entry("a", 1), StoreTestData.Entry("b", 2)]));
        await Assert.ThrowsAsync<ArgumentException>(() => _journal.WriteAsync([StoreTestData.Entry("a", 1), StoreTestData.Entry("a", 3)]));
        await Assert.ThrowsAsync<ArgumentException>(() => _journal.WriteAsync([StoreTestData.Entry("a", 0)]));

        Assert.Empty(await _journal.ReadAllListAsync());
    }

    private Task CreateProjectionTableAsync() => _db.WriteAsync((c, t) => Task.FromResult(SqliteDatabaseTests.Execute(c, t,
        "CREATE TABLE projection (persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL, ordering INTEGER NOT NULL);")));

    private Task<List<(string PersistenceId, long SequenceNr, long Ordering)>> ProjectionAsync() => _db.ReadAsync(c =>
    {
        using var command = c.CreateCommand();
        command.CommandText = "SELECT persistence_id, sequence_nr, ordering FROM projection ORDER BY ordering;";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long, long)>();
        while (reader.Read())
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        return Task.FromResult(rows);
    });

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
}
