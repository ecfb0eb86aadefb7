using System.Diagnostics;
using System.Globalization;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Sessions.Sqlite;
using Charger.Benchmarks.Support;
using Microsoft.Data.Sqlite;

namespace Charger.Benchmarks;

/// <summary>
/// Latency of <see cref="SqliteSessionQueries"/> (what the HTTP session routes call) with <c>sessions</c>
/// sessions of one charger in <c>charger.db</c>, plus a tenth as many of a second charger so every query
/// has to keep to its charger. The tables are filled by <see cref="SqliteSessionTables"/>, the projection's
/// writer, in batches of 5,000 events (the journal itself is not needed to query; sessions of 4 events here,
/// to fill quickly: the session rows are the same, only session_events is smaller). Each kind of query runs <c>queries</c> times after a warm-up, one
/// at a time, timed on its own; the EXPLAIN QUERY PLAN of each list statement is printed.
/// Run with <c>dotnet run -c Release --project bench/Charger.Benchmarks -- session-queries [sessions] [queries]</c>.
/// </summary>
public static class SessionQueryProbe
{
    private const string ChargerId = "cp-1";

    public static async Task<int> RunAsync(int sessions, int queries)
    {
        var scratch = Directory.CreateTempSubdirectory("charger-session-queries-").FullName;
        try
        {
            Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}; charger.db in {scratch}");
            var fill = Stopwatch.StartNew();
            await using (var db = await SqliteDatabase.OpenAsync(scratch).ConfigureAwait(false))
            {
                var tables = new SqliteSessionTables(db);
                var mine = new SessionHistory(ChargerId);
                var other = new SessionHistory("cp-2");
                var offset = 0L;
                foreach (var batch in Enumerable.Range(0, sessions).SelectMany(i => mine.Session(i, brief: true, leaveOpen: i == sessions - 1))
                             .Concat(Enumerable.Range(0, sessions / 10).SelectMany(i => other.Session(i, brief: true))).Chunk(5_000))
                {
                    if (!await tables.ApplyAsync(batch, offset, offset + batch.Length).ConfigureAwait(false))
                        throw new InvalidOperationException("the projection offset moved under the fill");
                    offset += batch.Length;
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Filled {sessions:N0} sessions of {ChargerId} (+{sessions / 10:N0} of cp-2) in {fill.Elapsed.TotalSeconds:0.0} s; charger.db {new FileInfo(Path.Combine(scratch, SqliteDatabase.FileName)).Length / 1_048_576.0:0.0} MB"));

            // Reopened, as the daemon would find it after a restart.
            await using var database = await SqliteDatabase.OpenAsync(scratch).ConfigureAwait(false);
            var sessionQueries = new SqliteSessionQueries(database);
            var random = new Random(42);
            string AnyId() => $"{ChargerId}-{random.Next(sessions):D8}-0f8fad5b-d9cb-469f-a165-70867728950e";

            var totals = await sessionQueries.StatsAsync(ChargerId).ConfigureAwait(false);
            Console.WriteLine($"Stats of {ChargerId}: {totals}");
            Console.WriteLine();
            Console.WriteLine("| Query | matching | rows | queries | p50 | p99 | max |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");

            async Task ListAsync(string name, SessionFilter filter)
            {
                SessionPage last = null!;
                var ticks = await TimeAsync(queries, async () => last = await sessionQueries.ListAsync(filter).ConfigureAwait(false)).ConfigureAwait(false);
                Report(name, last.TotalCount.ToString("N0", CultureInfo.InvariantCulture), last.Sessions.Count, ticks);
            }

            await ListAsync("page of 100 newest (offset 0)", new SessionFilter(ChargerId));
            await ListAsync("deep page of 100 (offset 50,000)", new SessionFilter(ChargerId, Offset: sessions / 2));
            await ListAsync("last page of 100", new SessionFilter(ChargerId, Offset: sessions - 100));
            await ListAsync("status = FAULTED, page of 100", new SessionFilter(ChargerId, Status: SessionStatus.Faulted));
            await ListAsync("status = COMPLETED, page of 100", new SessionFilter(ChargerId, Status: SessionStatus.Completed));
            await ListAsync("user = user-007, page of 100", new SessionFilter(ChargerId, UserId: "user-007"));
            await ListAsync("status + user, page of 100", new SessionFilter(ChargerId, Status: SessionStatus.Completed, UserId: "user-007"));
            await ListAsync("page of 1,000 newest (max limit)", new SessionFilter(ChargerId, Limit: SessionFilter.MaxLimit));

            var stats = await TimeAsync(queries, () => sessionQueries.StatsAsync(ChargerId)).ConfigureAwait(false);
            Report("stats (count by status)", totals.Total.ToString("N0", CultureInfo.InvariantCulture), 4, stats);
            var current = await TimeAsync(queries, () => sessionQueries.CurrentAsync(ChargerId)).ConfigureAwait(false);
            Report("current (open session)", "1", 1, current);
            var byId = await TimeAsync(queries, () => sessionQueries.GetAsync(ChargerId, AnyId())).ConfigureAwait(false);
            Report("by id (random)", "1", 1, byId);
            var events = await TimeAsync(queries, () => sessionQueries.EventsAsync(ChargerId, AnyId())).ConfigureAwait(false);
            Report("events of a session (random)", "1", 3, events);

            // The two statements of a list, timed apart, to say where a page's time goes.
            Console.WriteLine();
            Console.WriteLine("The statements of a list, each on its own (no filter, offset 0):");
            Console.WriteLine();
            Console.WriteLine("| Statement | queries | p50 | p99 | max |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (name, sql) in new[]
                     {
                         ("count(*) of the charger", "SELECT count(*) FROM sessions WHERE charger_id = 'cp-1';"),
                         ("count(*), status = COMPLETED", "SELECT count(*) FROM sessions WHERE charger_id = 'cp-1' AND status = 'COMPLETED';"),
                         ("page: LIMIT 100 OFFSET 0", "SELECT session_id, link_degraded FROM sessions WHERE charger_id = 'cp-1' ORDER BY start_time DESC, session_id DESC LIMIT 100 OFFSET 0;"),
                         ("page: LIMIT 100 OFFSET 50000", "SELECT session_id, link_degraded FROM sessions WHERE charger_id = 'cp-1' ORDER BY start_time DESC, session_id DESC LIMIT 100 OFFSET 50000;"),
                     })
            {
                var ticks = await TimeAsync(queries, () => database.ReadAsync(c => Task.FromResult(Drain(c, sql)))).ConfigureAwait(false);
                Array.Sort(ticks);
                Console.WriteLine($"| {name} | {ticks.Length} | {Ms(Percentiles.Of(ticks, 50))} | {Ms(Percentiles.Of(ticks, 99))} | {Ms(ticks[^1])} |");
            }

            Console.WriteLine();
            Console.WriteLine("EXPLAIN QUERY PLAN:");
            foreach (var sql in new[]
                     {
                         "SELECT count(*) FROM sessions WHERE charger_id = 'cp-1';",
                         "SELECT * FROM sessions WHERE charger_id = 'cp-1' ORDER BY start_time DESC, session_id DESC LIMIT 100 OFFSET 50000;",
                         "SELECT * FROM sessions WHERE charger_id = 'cp-1' AND status = 'FAULTED' ORDER BY start_time DESC, session_id DESC LIMIT 100;",
                         "SELECT * FROM sessions WHERE charger_id = 'cp-1' AND user_id = 'user-007' ORDER BY start_time DESC, session_id DESC LIMIT 100;",
                         "SELECT * FROM sessions WHERE charger_id = 'cp-1' AND status = 'COMPLETED' AND user_id = 'user-007' ORDER BY start_time DESC, session_id DESC LIMIT 100;",
                         "SELECT status, count(*) FROM sessions WHERE charger_id = 'cp-1' GROUP BY status;",
                         "SELECT * FROM sessions WHERE charger_id = 'cp-1' AND status = 'ACTIVE' ORDER BY start_time DESC, session_id DESC LIMIT 1;",
                     })
            {
                var plan = await database.ReadAsync(c => Task.FromResult(Plan(c, sql))).ConfigureAwait(false);
                Console.WriteLine($"  {sql}");
                Console.WriteLine($"    {plan}");
            }
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<long[]> TimeAsync(int queries, Func<Task> query)
    {
        for (var i = 0; i < Math.Max(queries / 10, 10); i++)
            await query().ConfigureAwait(false);
        var ticks = new long[queries];
        for (var i = 0; i < queries; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await query().ConfigureAwait(false);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
        return ticks;
    }

    private static int Drain(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read()) rows++;
        return rows;
    }

    private static string Plan(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var reader = command.ExecuteReader();
        var steps = new List<string>();
        while (reader.Read()) steps.Add(reader.GetString(3));
        return string.Join("; ", steps);
    }

    private static void Report(string name, string matching, int rows, long[] ticks)
    {
        Array.Sort(ticks);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {matching} | {rows:N0} | {ticks.Length:N0} | {Ms(Percentiles.Of(ticks, 50))} | {Ms(Percentiles.Of(ticks, 99))} | {Ms(ticks[^1])} |"));
    }

    private static string Ms(double ticks) =>
        (ticks * 1000 / Stopwatch.Frequency).ToString("0.000", CultureInfo.InvariantCulture) + " ms";
}
