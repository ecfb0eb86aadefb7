using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Projection;
using Charger.Actors.Sessions.Sqlite;
using Charger.Benchmarks.Actors;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks;

/// <summary>
/// Lag of the read side (issue 12's goal: p99 under 250 ms at 1 and at 20 chargers): from a
/// <see cref="SessionClosed"/> being journaled (the persist handler of the charger's persistent actor has run)
/// to <see cref="SqliteSessionQueries.GetAsync"/> (what <c>/api/sessions/{id}</c> calls) showing the session
/// ended. The daemon's wiring on SQLite: <c>charger.db</c> from <see cref="SqliteDatabase"/>, the session journal
/// (<see cref="SessionJournal.ToConfig"/> with its default poll interval unless one is given) and one
/// <see cref="SessionProjectionActor"/> with default <see cref="SessionProjectionOptions"/> writing
/// <see cref="SqliteSessionTables"/>.
/// <para>
/// <c>chargers</c> persistent actors (<see cref="JournalWriter"/> under <c>sessions-cp-N</c>) write at the same
/// time, each its sessions one after another: 4 events, one Persist each (what a session actor does), then the
/// close is polled for every 2 ms (the resolution of the figures) and after it shows, a random pause of 0-100 ms
/// before the next session. The first session of every charger is warm-up and not counted.
/// </para>
/// Run with <c>dotnet run -c Release --project bench/Charger.Benchmarks -- projection-lag [sessions] [chargers] [poll-ms] [read-isolation-level]</c>.
/// </summary>
public static class ProjectionLagProbe
{
    private static readonly TimeSpan PollForRow = TimeSpan.FromMilliseconds(2);

    /// <param name="readIsolation">The read journal's <c>read-isolation-level</c> (HOCON, e.g. <c>read-uncommitted</c>), or null: the session journal's.</param>
    public static async Task<int> RunAsync(int sessions, int chargers, TimeSpan? pollInterval, string? readIsolation = null)
    {
        var scratch = Directory.CreateTempSubdirectory("charger-projection-lag-").FullName;
        ActorSystem? system = null;
        try
        {
            await using var db = await SqliteDatabase.OpenAsync(scratch).ConfigureAwait(false);
            var poll = pollInterval ?? SessionJournal.DefaultPollInterval;
            var options = new SessionProjectionOptions();
            system = readIsolation is null
                ? BenchSystem.Create("projection-lag", new SessionStore.Sqlite(db.FilePath), poll)
                : BenchSystem.Create("projection-lag", new SessionStore.Sqlite(db.FilePath), poll,
                    Akka.Configuration.ConfigurationFactory.ParseString($"{SessionJournal.ReadJournalId}.read-isolation-level = {readIsolation}"));
            var tables = new TimedTables(new SqliteSessionTables(db));
            system.ActorOf(SessionProjectionActor.Props(tables, options), SessionProjectionActor.Name);
            var queries = new SqliteSessionQueries(db);
            var perCharger = Math.Max(sessions / chargers, 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Projection lag on SQLite: {chargers} charger(s) x {perCharger} sessions of 4 events (first of each is warm-up); read journal poll {poll.TotalMilliseconds:0} ms, batch window {options.BatchWindow.TotalMilliseconds:0} ms, row polled every {PollForRow.TotalMilliseconds:0} ms"));
            Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}; charger.db in {scratch}");
            var query = system.Settings.Config.GetConfig(SessionJournal.ReadJournalId);
            Console.WriteLine($"Effective read journal settings: refresh-interval {query.GetString("refresh-interval")}, journal-sequence-retrieval.query-delay {query.GetString("journal-sequence-retrieval.query-delay")}, max-tries {query.GetString("journal-sequence-retrieval.max-tries")}, max-backoff-query-delay {query.GetString("journal-sequence-retrieval.max-backoff-query-delay")}, read-isolation-level {query.GetString("read-isolation-level")}");

            var wall = Stopwatch.StartNew();
            var lags = await Task.WhenAll(Enumerable.Range(1, chargers).Select(k => RunChargerAsync(system, queries, tables, $"cp-{k}", perCharger, k))).ConfigureAwait(false);
            var all = lags.SelectMany(l => l.Select(x => x.Total)).ToArray();
            var toWriter = lags.SelectMany(l => l.Select(x => x.ToWriter)).ToArray();
            var write = lags.SelectMany(l => l.Select(x => x.Write)).ToArray();
            Array.Sort(all);
            Array.Sort(toWriter);
            Array.Sort(write);
            Console.WriteLine();
            Console.WriteLine("| Chargers | sessions timed | mean | p50 | p90 | p99 | max |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {chargers} | {all.Length:N0} | {Ms(all.Average())} | {Ms(Percentiles.Of(all, 50))} | {Ms(Percentiles.Of(all, 90))} | {Ms(Percentiles.Of(all, 99))} | {Ms(all[^1])} |"));
            Console.WriteLine();
            Console.WriteLine("Where it goes (the same sessions; each column sorted on its own):");
            Console.WriteLine();
            Console.WriteLine("| Part | p50 | p90 | p99 | max |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (part, xs) in new[] { ("journaled -> its batch reaches the tables' writer (read journal, batching)", toWriter), ("the batch's transaction (rows + offset)", write) })
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {part} | {Ms(Percentiles.Of(xs, 50))} | {Ms(Percentiles.Of(xs, 90))} | {Ms(Percentiles.Of(xs, 99))} | {Ms(xs[^1])} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({wall.Elapsed.TotalSeconds:0.0} s, {all.Length / wall.Elapsed.TotalSeconds:0.0} sessions closed per second)"));
            return 0;
        }
        finally
        {
            BenchSystem.Terminate(system);
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<(long Total, long ToWriter, long Write)[]> RunChargerAsync(ActorSystem system, SqliteSessionQueries queries, TimedTables tables,
        string chargerId, int sessions, int seed)
    {
        var history = new SessionHistory(chargerId);
        var writer = system.ActorOf(JournalWriter.Props(history.PersistenceId), history.PersistenceId);
        var random = new Random(seed);
        var lags = new List<(long, long, long)>(sessions);
        for (var i = 0; i < sessions; i++)
        {
            JournalWriter.Persisted closed = null!;
            foreach (var e in history.Session(i, brief: true))
                closed = await writer.Ask<JournalWriter.Persisted>(new JournalWriter.PersistOne(e), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            var id = history.SessionId(i);
            var deadline = closed.JournaledAt + Stopwatch.Frequency * 30;
            while (true)
            {
                var row = await queries.GetAsync(chargerId, id).ConfigureAwait(false);
                var now = Stopwatch.GetTimestamp();
                if (row is { Status: not SessionStatus.Active })
                {
                    // The row can show before ApplyAsync has returned to the timing wrapper.
                    (long Received, long Written) timing;
                    while (!tables.Closed.TryGetValue(id, out timing))
                        await Task.Delay(1).ConfigureAwait(false);
                    var (received, written) = timing;
                    if (i > 0) lags.Add((now - closed.JournaledAt, received - closed.JournaledAt, written - received));
                    break;
                }
                if (now > deadline) throw new TimeoutException($"session {id} was not ended in the tables 30 s after its close was journaled");
                await Task.Delay(PollForRow).ConfigureAwait(false);
            }
            await Task.Delay(random.Next(0, 100)).ConfigureAwait(false);
        }
        return lags.ToArray();
    }

    /// <summary>The projection's writer, noting when each session's close reaches it and when its batch is committed.</summary>
    private sealed class TimedTables(ISessionTablesWriter inner) : ISessionTablesWriter
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, (long Received, long Written)> Closed { get; } = new();

        public Task<long> ReadOffsetAsync(CancellationToken cancellationToken = default) => inner.ReadOffsetAsync(cancellationToken);

        public async Task<bool> ApplyAsync(IReadOnlyList<ISessionEvent> events, long expectedOffset, long newOffset, CancellationToken cancellationToken = default)
        {
            var received = Stopwatch.GetTimestamp();
            var applied = await inner.ApplyAsync(events, expectedOffset, newOffset, cancellationToken).ConfigureAwait(false);
            var written = Stopwatch.GetTimestamp();
            if (applied)
                foreach (var e in events.OfType<SessionClosed>())
                    Closed[e.SessionId] = (received, written);
            return applied;
        }
    }

    private static string Ms(double ticks) =>
        (ticks * 1000 / Stopwatch.Frequency).ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
