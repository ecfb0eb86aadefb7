using Charger.Actors.Sessions.Projection;
using Charger.Actors.Sessions.Postgres;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Queries;
using Charger.Tests.TestKit;
using Npgsql;

namespace Charger.Tests.Sessions;

/// <summary>The session query contract on PostgreSQL: a fresh database of the temporary server per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionQueriesTests(PostgresServerFixture server) : SessionQueriesContract, IAsyncLifetime
{
    private PostgresDatabase _database = null!;

    private PostgresSessionTables _tables = null!;

    protected override ISessionTablesWriter Tables => _tables;

    protected override ISessionQueries Queries => new PostgresSessionQueries(_database);

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.OpenAsync(await server.CreateDatabaseAsync());
        _tables = new PostgresSessionTables(_database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public Task A_crash_between_a_batch_s_rows_and_its_offset_leaves_neither() =>
        ACrashBetweenRowsAndOffsetLeavesNeither(fault => _tables.BetweenRowsAndOffset = fault);

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

    [Theory]
    [InlineData(null, null, "sessions_by_charger")]
    [InlineData(SessionStatus.Completed, null, "sessions_by_charger_status")]
    [InlineData(null, "driver-1", "sessions_by_charger_user")]
    [InlineData(SessionStatus.Completed, "driver-1", "sessions_by_charger_user_status")]
    public async Task A_page_searches_the_index_of_its_filter(SessionStatus? status, string? user, string index)
    {
        // A station's worth of sessions, analyzed, so the planner weighs the indexes as it would in production.
        await _database.WriteAsync(async (connection, transaction) =>
        {
            await using var fill = new NpgsqlCommand("""
                INSERT INTO charger.sessions (session_id, charger_id, user_id, status, start_time, start_state, last_state)
                SELECT 's-' || i, 'cp-' || (i % 4), 'driver-' || (i % 40),
                       (ARRAY['ACTIVE', 'COMPLETED', 'COMPLETED', 'CANCELLED', 'FAULTED'])[1 + i % 5],
                       timestamptz '2026-01-01' + i * interval '1 minute', 5, 5
                FROM generate_series(1, 20000) AS i;
                """, connection, transaction);
            await fill.ExecuteNonQueryAsync();
        });
        var plan = await _database.ReadAsync(async connection =>
        {
            await using (var analyze = new NpgsqlCommand("ANALYZE charger.sessions;", connection))
                await analyze.ExecuteNonQueryAsync();
            await using var command = PostgresSessionQueries.PageCommand(connection, new SessionFilter("cp-1", status, user, Limit: 100));
            command.CommandText = "EXPLAIN " + command.CommandText;
            await using var reader = await command.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
            return string.Join(" | ", lines);
        });
        // With few matches a bitmap scan and a sort of them is cheaper than walking the index in order:
        // either way the index of the filter is the one searched.
        Assert.Matches($@"(Index Scan using|Bitmap Index Scan on) {index} ", plan);
    }
}
