using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Charger.Actors.Persistence;
using Charger.Actors.Persistence.Sqlite;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Sqlite;
using Charger.Benchmarks.Actors;
using Charger.Benchmarks.Support;

namespace Charger.Benchmarks;

/// <summary>
/// Recovery time of the real <see cref="SessionActor"/> of a charger whose journal holds about
/// <c>events</c> session events (sessions of 10 events, the last one still open), on <c>charger.db</c>
/// wired as the daemon wires it (<see cref="HookedJournal"/> over <see cref="SqliteJournal"/> with
/// <see cref="SqliteSessionTables"/>, <see cref="SqliteSnapshotStore"/>). Each run opens the database
/// afresh (as a daemon start does; the OS page cache stays warm), creates the actor and times until it
/// answers <see cref="SessionActor.GetOpenSession"/>, which it can only do after RecoveryCompleted:
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
        var serializer = new PersistenceSerializer().RegisterSessions();
        var journalOf = new SessionJournal(serializer, ChargerId);
        var system = BenchSystem.Create("session-recovery");
        try
        {
            Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}; charger.db in {scratch}");
            var sessions = Math.Max(events / 10, 1);
            var all = Enumerable.Range(0, sessions).SelectMany(i => journalOf.Session(i, leaveOpen: i == sessions - 1)).ToList();
            var highest = (long)all.Count;
            var snapshotAt = highest - SnapshotBeforeEnd;
            var openAtSnapshot = OpenSessionAfter(all, snapshotAt);
            var openAtEnd = OpenSessionAfter(all, highest);

            var fill = Stopwatch.StartNew();
            await using (var db = await SqliteDatabase.OpenAsync(scratch).ConfigureAwait(false))
            {
                await journalOf.AppendAsync(Journal(db, serializer), all, 0).ConfigureAwait(false);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Filled {highest:N0} events ({sessions:N0} sessions, the last open) through the session tables' hook in {fill.Elapsed.TotalSeconds:0.0} s; charger.db {new FileInfo(Path.Combine(scratch, SqliteDatabase.FileName)).Length / 1_048_576.0:0.0} MB"));
            Console.WriteLine();
            Console.WriteLine("| Snapshot | events replayed | run | actor created -> GetOpenSession answered |");
            Console.WriteLine("|---|---:|---:|---:|");

            var statusSource = system.ActorOf(Props.Create(() => new SilentStatusSource()), "tracker");
            var results = new Dictionary<string, List<double>>();
            foreach (var withSnapshot in new[] { false, true })
            {
                if (withSnapshot)
                {
                    await using var db = await SqliteDatabase.OpenAsync(scratch).ConfigureAwait(false);
                    var s = serializer.Serialize(new SessionSnapshot(openAtSnapshot));
                    await new SqliteSnapshotStore(db).SaveAsync(new SnapshotEntry(journalOf.PersistenceId, snapshotAt, s.Manifest, s.SchemaVersion, s.Payload,
                        DateTimeOffset.UtcNow)).ConfigureAwait(false);
                }
                var label = withSnapshot ? $"at #{snapshotAt:N0}" : "none";
                var replayed = withSnapshot ? highest - snapshotAt : highest;
                var times = results[label] = [];
                for (var run = 1; run <= runs; run++)
                {
                    await using var db = await SqliteDatabase.OpenAsync(scratch).ConfigureAwait(false);
                    var context = new PersistenceContext(Journal(db, serializer), new SqliteSnapshotStore(db), serializer);
                    var start = Stopwatch.GetTimestamp();
                    var actor = system.ActorOf(SessionActor.Props(ChargerId, context, new SessionActorOptions(), statusSource), $"sessions-{label.Length}-{run}");
                    var open = await actor.Ask<SessionActor.OpenSession>(SessionActor.GetOpenSession.Instance, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
                    var elapsed = Stopwatch.GetElapsedTime(start);
                    system.Stop(actor);
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

    private static IJournal Journal(SqliteDatabase db, PersistenceSerializer serializer) =>
        new HookedJournal(new SqliteJournal(db), new SqliteSessionTables(serializer));

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
