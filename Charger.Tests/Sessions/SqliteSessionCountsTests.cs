using Charger.Actors.Sessions.Sqlite;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Queries;
using Charger.Tests.Sessions.Sqlite;
using Microsoft.Data.Sqlite;

namespace Charger.Tests.Sessions;

/// <summary>Totals and stats read session_counts (schema step 4): filled from an older file, kept by triggers.</summary>
public sealed class SqliteSessionCountsTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_file_with_sessions_from_schema_3_gets_its_counts_and_the_triggers_keep_them()
    {
        var path = _dir.File(SqliteDatabase.FileName);
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            SqliteMigrator.Migrate(old, SqliteSchema.Migrations.Take(3).ToList(), path);
            using var insert = old.CreateCommand();
            insert.CommandText = """
                INSERT INTO sessions (session_id, charger_id, user_id, status, start_time, start_state, last_state) VALUES
                    ('a', 'cp-1', 'u1', 'COMPLETED', '2026-11-01T10:00:00.0000000Z', 5, 7),
                    ('b', 'cp-1', 'u2', 'COMPLETED', '2026-11-02T10:00:00.0000000Z', 5, 7),
                    ('c', 'cp-1', 'u1', 'ACTIVE',    '2026-11-03T10:00:00.0000000Z', 5, 5),
                    ('d', 'cp-2', 'u1', 'FAULTED',   '2026-11-03T11:00:00.0000000Z', 5, 8);
                """;
            insert.ExecuteNonQuery();
        }

        await using var db = await SqliteDatabase.OpenAsync(_dir.Path);
        var queries = new SqliteSessionQueries(db);
        Assert.Equal(new SessionStats(3, 1, 2, 0, 0), await queries.StatsAsync("cp-1"));
        Assert.Equal(new SessionStats(1, 0, 0, 0, 1), await queries.StatsAsync("cp-2"));

        await db.WriteAsync((c, tx) =>
        {
            using var change = c.CreateCommand();
            change.Transaction = tx;
            change.CommandText = "UPDATE sessions SET status = 'CANCELLED' WHERE session_id = 'c'; DELETE FROM sessions WHERE session_id = 'a';";
            change.ExecuteNonQuery();
            return Task.CompletedTask;
        });

        Assert.Equal(new SessionStats(2, 0, 1, 1, 0), await queries.StatsAsync("cp-1"));
        var page = await queries.ListAsync(new SessionFilter("cp-1", Limit: 1));
        Assert.Equal(2, page.TotalCount);
        Assert.Equal(1, (await queries.ListAsync(new SessionFilter("cp-1", Status: SessionStatus.Cancelled))).TotalCount);
        Assert.Equal(1, (await queries.ListAsync(new SessionFilter("cp-1", UserId: "u1"))).TotalCount);
    }
}
