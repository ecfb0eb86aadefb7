using Charger.Actors.Persistence;
using Charger.Actors.Persistence.Postgres;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Postgres;
using Charger.Actors.Sessions.Queries;
using Charger.Tests.TestKit;
using Npgsql;

namespace Charger.Tests.Sessions;

/// <summary>The session query contract on PostgreSQL: a fresh database of the temporary server per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionQueriesTests(PostgresServerFixture server) : SessionQueriesContract, IAsyncLifetime
{
    private PostgresDatabase _database = null!;

    protected override IJournal Journal => new HookedJournal(new PostgresJournal(_database), new PostgresSessionTables(Serializer));

    protected override ISessionQueries Queries => new PostgresSessionQueries(_database);

    public async Task InitializeAsync() => _database = await PostgresDatabase.OpenAsync(await server.CreateDatabaseAsync());

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_journal_append_that_fails_leaves_the_session_tables_as_they_were()
    {
        await Append("cp-1", Opened("s-1", "u", 0));
        // Sequence number 1 is taken: the append is refused and its session rows with it.
        var conflicting = new JournalEntry(SessionActor.PersistenceIdOf("cp-1"), 1, SessionSerialization.Opened, 1,
            Serializer.Serialize(Opened("s-2", "u", 1)).Payload, T0);
        await Assert.ThrowsAsync<JournalConflictException>(() => Journal.WriteAsync([conflicting]));

        Assert.Equal(1, (await Queries.StatsAsync("cp-1")).Total);
        Assert.Null(await Queries.GetAsync("cp-1", "s-2"));
    }

    [Fact]
    public async Task The_trigger_keeps_the_counts_when_sessions_change_outside_the_journal()
    {
        await Append("cp-1", Opened("a", "u1", 0), Opened("b", "u2", 1), Opened("c", "u1", 2));
        await _database.WriteAsync(async (connection, transaction) =>
        {
            await using var change = new NpgsqlCommand("""
                UPDATE charger.sessions SET status = 'CANCELLED', end_time = now() WHERE session_id = 'c';
                UPDATE charger.sessions SET charger_id = 'cp-2' WHERE session_id = 'b';
                DELETE FROM charger.sessions WHERE session_id = 'a';
                """, connection, transaction);
            await change.ExecuteNonQueryAsync();
        });

        Assert.Equal(new SessionStats(1, 0, 0, 1, 0), await Queries.StatsAsync("cp-1"));
        Assert.Equal(new SessionStats(1, 1, 0, 0, 0), await Queries.StatsAsync("cp-2"));
        Assert.Equal(1, (await Queries.ListAsync(new SessionFilter("cp-1", SessionStatus.Cancelled))).TotalCount);
    }
}
