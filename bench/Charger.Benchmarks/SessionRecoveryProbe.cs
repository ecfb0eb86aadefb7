using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Persistence;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Sqlite;
using Charger.Benchmarks.Actors;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks;

/// <summary>
/// Recovery time of the real <see cref="SessionActor"/> of a charger whose journal holds about
/// <c>events</c> session events (sessions of 10 events, the last one still open), on <c>charger.db</c>
/// wired as the daemon wires it (Akka.Persistence.Sql's journal and snapshot store through
/// <see cref="SessionJournal.ToConfig"/>, in the file <see cref="SqliteDatabase"/> created). The journal is
/// filled through Akka in atomic writes of 2,000 events (<see cref="SessionHistory"/>). Each run creates
/// the actor in the same ActorSystem (run 1 also starts the journal plugin and JIT-compiles; the OS page cache
/// stays warm) and times until it answers <see cref="SessionActor.GetOpenSession"/>, which it can only do after RecoveryCompleted:
/// first with no snapshot (the whole journal is replayed), then with a snapshot 50 events before the end
/// (what <see cref="SessionActorOptions.SnapshotEvery"/> = 100 leaves at worst is up to 100).
/// Run with <c>dotnet run -c Release --project bench/Charger.Benchmarks -- session-recovery [events] [runs]</c>.
/// </summary>
public static class SessionRecoveryProbe
{
    private const string ChargerId = "cp-1";
    private const int SnapshotBeforeEnd = 50;

    public static async Task<int> RunAsync(int events, int runs)
    {
        var scratch = Directory.CreateTempSubdirectory("charger-session-recovery-").FullName;
        var history = new SessionHistory(ChargerId);
        ActorSystem? system = null;
        try
        {
            Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}; charger.db in {scratch}");
            // Created as the daemon creates it (WAL, the session tables); Akka adds its tables on first use.
            await using var db = await SqliteDatabase.OpenAsync(scratch).ConfigureAwait(false);
            system = BenchSystem.Create("session-recovery", new SessionStore.Sqlite(db.FilePath));
            var sessions = Math.Max(events / 10, 1);
            var all = Enumerable.Range(0, sessions).SelectMany(i => history.Session(i, leaveOpen: i == sessions - 1)).ToList();
            var highest = (long)all.Count;
            var snapshotAt = highest - SnapshotBeforeEnd;
            var openAtSnapshot = OpenSessionAfter(all, snapshotAt);
            var openAtEnd = OpenSessionAfter(all, highest);

            var fill = Stopwatch.StartNew();
            if (await history.JournalAsync(system, all).ConfigureAwait(false) != highest)
                throw new InvalidOperationException("the journal did not take every event");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Filled {highest:N0} events ({sessions:N0} sessions, the last open) through Akka.Persistence.Sql in atomic writes of 2,000 in {fill.Elapsed.TotalSeconds:0.0} s; charger.db {new FileInfo(db.FilePath).Length / 1_048_576.0:0.0} MB"));
            Console.WriteLine();
            Console.WriteLine("| Snapshot | events replayed | run | actor created -> GetOpenSession answered |");
            Console.WriteLine("|---|---:|---:|---:|");

            var statusSource = system.ActorOf(Props.Create(() => new SilentStatusSource()), "tracker");
            var results = new Dictionary<string, List<double>>();
            foreach (var withSnapshot in new[] { false, true })
            {
                if (withSnapshot)
                {
                    // Saved through Akka's snapshot store, as SessionActor's SaveSnapshot does.
                    var saved = await Persistence.Instance.Apply(system).SnapshotStoreFor(null).Ask<object>(
                        new SaveSnapshot(new SnapshotMetadata(history.PersistenceId, snapshotAt, DateTime.UtcNow), new SessionSnapshot(openAtSnapshot)),
                        TimeSpan.FromMinutes(1)).ConfigureAwait(false);
                    if (saved is not SaveSnapshotSuccess)
                        throw new InvalidOperationException($"saving the snapshot failed: {saved}");
                }
                var label = withSnapshot ? $"at #{snapshotAt:N0}" : "none";
                var replayed = withSnapshot ? highest - snapshotAt : highest;
                var times = results[label] = [];
                for (var run = 1; run <= runs; run++)
                {
                    var start = Stopwatch.GetTimestamp();
                    var actor = system.ActorOf(SessionActor.Props(ChargerId, new SessionActorOptions(), statusSource), $"sessions-{label.Length}-{run}");
                    var open = await actor.Ask<SessionActor.OpenSession>(SessionActor.GetOpenSession.Instance, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
                    var elapsed = Stopwatch.GetElapsedTime(start);
                    // Stopped before the next run recovers the same persistence id.
                    await actor.GracefulStop(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                    if (open.Session?.SessionId != openAtEnd?.SessionId || open.Session?.Events.Count != openAtEnd?.Events.Count)
                        throw new InvalidOperationException($"recovered open session {open.Session?.SessionId} ({open.Session?.Events.Count} events), expected {openAtEnd?.SessionId}");
                    times.Add(elapsed.TotalMilliseconds);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {replayed:N0} | {run} | {elapsed.TotalMilliseconds:0.0} ms |"));
                }
            }
            Console.WriteLine();
            foreach (var (label, times) in results)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"snapshot {label}: min {times.Min():0.0} ms, median {times.Order().ElementAt(times.Count / 2):0.0} ms, max {times.Max():0.0} ms"));
            return 0;
        }
        finally
        {
            BenchSystem.Terminate(system);
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The open session after the first <paramref name="count"/> events, folded as the actor folds them.</summary>
    private static ChargingSession? OpenSessionAfter(IReadOnlyList<ISessionEvent> events, long count)
    {
        ChargingSession? open = null;
        for (var i = 0; i < count; i++)
        {
            var e = events[i];
            open = e is SessionOpened opened ? ChargingSession.Open(opened) : open!.Apply(e);
            if (!open.IsOpen) open = null;
        }
        return open;
    }
}
