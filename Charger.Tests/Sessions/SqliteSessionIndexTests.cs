using Charger.Actors.Sessions.Sqlite;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Queries;
using Charger.Tests.Sessions.Sqlite;

namespace Charger.Tests.Sessions;

/// <summary>Every filter of a page is an index range scan in newest-first order, without a sort (schema steps 3 and 5).</summary>
public sealed class SqliteSessionIndexTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(null, null, "sessions_by_charger")]
    [InlineData(SessionStatus.Completed, null, "sessions_by_charger_status")]
    [InlineData(null, "driver-7", "sessions_by_charger_user")]
    [InlineData(SessionStatus.Completed, "driver-7", "sessions_by_charger_user_status")]
    public async Task A_page_searches_the_index_of_its_filter(SessionStatus? status, string? user, string index)
    {
        await using var db = await SqliteDatabase.OpenAsync(_dir.Path);
        var plan = await db.ReadAsync(connection =>
        {
            using var command = SqliteSessionQueries.PageCommand(connection, new SessionFilter("cp-1", status, user));
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            using var reader = command.ExecuteReader();
            var details = new List<string>();
            while (reader.Read()) details.Add(reader.GetString(3));
            return Task.FromResult(string.Join(" | ", details));
        });
        Assert.Contains($"USING INDEX {index} (", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }
}
