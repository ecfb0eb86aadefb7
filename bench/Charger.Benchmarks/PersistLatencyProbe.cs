using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Charger.Actors.Charging;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Postgres;
using Charger.Actors.Sessions.Sqlite;
using Charger.Benchmarks.Actors;
using Charger.Benchmarks.Support;
using Charger.Tests.TestKit;
using Npgsql;

namespace Charger.Benchmarks;

/// <summary>
/// Latency of one durable Persist as a session actor sees it: an Akka persistent actor (<see cref="JournalWriter"/>)
/// on the session journal (Akka.Persistence.Sql through <see cref="SessionJournal.ToConfig"/>, as the daemon
/// composes it: our JSON serializer, the session tagger, so each event is also a row of the tag table) is
/// asked to persist one <see cref="SessionEventRecorded"/> and answers from the persist handler; the Ask
/// round trip is timed, one at a time, every one on its own with <see cref="Stopwatch.GetTimestamp"/> after a warm-up.
/// <list type="bullet">
/// <item>SQLite: <c>charger.db</c> opened by <see cref="SqliteDatabase"/> as the daemon opens it (WAL, <c>synchronous=FULL</c>:
/// one fsync of the WAL per commit) in a temporary directory on the local disk; Akka's journal writes to it
/// through linq2db's <c>SQLiteMS</c> provider.</item>
/// <item>PostgreSQL: a local <see cref="PostgresTempServer"/> on a unix socket, once with <c>fsync=on</c>
/// (a production setting: the commit waits for the WAL flush) and once with <c>fsync=off</c> (the test
/// server's setting: round trips, locking and inserts only).</item>
/// <item>For scale, the disk alone: the payload written into a preallocated file and <c>fsync</c>ed
/// (.NET has no fdatasync; SQLite and PostgreSQL use fdatasync on Linux, which can skip the inode).</item>
/// </list>
/// Run with <c>dotnet run -c Release --project bench/Charger.Benchmarks -- persist-latency [samples]</c>.
/// </summary>
public static class PersistLatencyProbe
{
    private static readonly string Payload = "{\"type\":\"session-started\",\"charger\":\"cp-1\",\"session\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"," +
        "\"at\":\"2026-12-02T10:30:15.123Z\",\"meter_wh\":123456,\"max_current_a\":16,\"authorized_by\":\"api-key-7\"}";

    public static async Task<int> RunAsync(int samples)
    {
        var warmup = Math.Max(samples / 10, 100);
        var scratch = Directory.CreateTempSubdirectory("charger-persist-latency-").FullName;
        try
        {
            Console.WriteLine($"Persist latency: {samples:N0} timed Persist round trips of one event (a SessionEventRecorded) through an Akka persistent actor on Akka.Persistence.Sql, after {warmup:N0} warm-up ones, one at a time.");
            Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}; scratch directory {scratch} on {FileSystemOf(scratch)}");
            Console.WriteLine();
            Console.WriteLine("| Store | settings | appends | mean | p50 | p90 | p99 | p99.9 | max |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");

            Report("disk alone: write + fsync", $"the {Payload.Length} B payload into a preallocated file, `fsync` each", FsyncFloor(Path.Combine(scratch, "floor.bin"), warmup, samples));

            await using (var db = await SqliteDatabase.OpenAsync(Path.Combine(scratch, "sqlite")).ConfigureAwait(false))
            {
                var settings = await db.ReadAsync(c =>
                {
                    using var command = c.CreateCommand();
                    command.CommandText = "SELECT sqlite_version(), (SELECT journal_mode FROM pragma_journal_mode), (SELECT synchronous FROM pragma_synchronous);";
                    using var reader = command.ExecuteReader();
                    reader.Read();
                    return Task.FromResult($"Akka.Persistence.Sql on SQLite {reader.GetString(0)}, journal_mode={reader.GetString(1)}, synchronous={(reader.GetInt64(2) == 2 ? "FULL" : reader.GetInt64(2).ToString(CultureInfo.InvariantCulture))} on our connection");
                }).ConfigureAwait(false);
                var store = new SessionStore.Sqlite(db.FilePath);
                Report("SQLite", $"{settings}; {SynchronousOf(store)}", await MeasureAsync(store, warmup, samples).ConfigureAwait(false));
            }

            foreach (var fsync in new[] { true, false })
            {
                await using var server = await PostgresTempServer.StartAsync(fsync).ConfigureAwait(false);
                var connectionString = await server.CreateDatabaseAsync().ConfigureAwait(false);
                // Opened as the daemon opens it first: creates and migrates the schema Akka's tables go into.
                await using var db = await PostgresDatabase.OpenAsync(connectionString).ConfigureAwait(false);
                var settings = await db.ReadAsync(async c =>
                {
                    await using var command = new NpgsqlCommand(
                        "SELECT version(), current_setting('fsync'), current_setting('wal_sync_method'), current_setting('synchronous_commit');", c);
                    await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
                    await reader.ReadAsync().ConfigureAwait(false);
                    var version = reader.GetString(0).Split(' ')[1];
                    return $"Akka.Persistence.Sql on PostgreSQL {version} local unix socket, fsync={reader.GetString(1)}, wal_sync_method={reader.GetString(2)}, synchronous_commit={reader.GetString(3)}";
                }).ConfigureAwait(false);
                Report("PostgreSQL", settings, await MeasureAsync(new SessionStore.Postgres(connectionString), warmup, samples).ConfigureAwait(false));
            }
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>What a connection opened as Akka's journal opens it (the same connection string, no pragma of ours) gets.</summary>
    private static string SynchronousOf(SessionStore.Sqlite store)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(store.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT synchronous FROM pragma_synchronous), (SELECT journal_mode FROM pragma_journal_mode);";
        using var reader = command.ExecuteReader();
        reader.Read();
        var level = reader.GetInt64(0) switch { 0 => "OFF", 1 => "NORMAL", 2 => "FULL", 3 => "EXTRA", var n => n.ToString(CultureInfo.InvariantCulture) };
        return $"Akka's connection string gets synchronous={level}, journal_mode={reader.GetString(1)}";
    }

    private static async Task<long[]> MeasureAsync(SessionStore store, int warmup, int samples)
    {
        var system = BenchSystem.Create("persist-latency", store);
        try
        {
            var actor = system.ActorOf(JournalWriter.Props(SessionActor.PersistenceIdOf("cp-1")), "sessions-cp-1");
            var at = DateTimeOffset.UtcNow;
            var seq = 0L;
            JournalWriter.Persisted last = null!;
            async Task PersistAsync() =>
                last = await actor.Ask<JournalWriter.Persisted>(new JournalWriter.PersistOne(
                    new SessionEventRecorded("0f8fad5b-d9cb-469f-a165-70867728950e", ChargerEventType.ChargeStarted, at, ++seq, 3, 5, "CP 6V PWM 26% (16 A)")),
                    TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            for (var i = 0; i < warmup; i++)
                await PersistAsync().ConfigureAwait(false);
            var ticks = new long[samples];
            for (var i = 0; i < samples; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await PersistAsync().ConfigureAwait(false);
                ticks[i] = Stopwatch.GetTimestamp() - start;
            }
            if (last.SequenceNr != seq)
                throw new InvalidOperationException($"the journal is at #{last.SequenceNr} after {seq} persists");
            return ticks;
        }
        finally
        {
            BenchSystem.Terminate(system);
        }
    }

    private static long[] FsyncFloor(string path, int warmup, int samples)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Payload);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        // Preallocated and synced first, so the timed fsyncs do not also write a growing file's size.
        // (Zeros written, not SetLength: a sparse file would allocate blocks during the timed writes.)
        file.Write(new byte[(warmup + samples) * bytes.Length]);
        file.Flush(flushToDisk: true);
        file.Position = 0;
        var ticks = new long[samples];
        for (var i = -warmup; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            file.Write(bytes);
            file.Flush(flushToDisk: true);
            if (i >= 0)
                ticks[i] = Stopwatch.GetTimestamp() - start;
        }
        return ticks;
    }

    private static void Report(string store, string settings, long[] samples)
    {
        Array.Sort(samples);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {store} | {settings} | {samples.Length:N0} | {Ms(samples.Average())} | {Ms(Pct(samples, 50))} | {Ms(Pct(samples, 90))} | {Ms(Pct(samples, 99))} | {Ms(Pct(samples, 99.9))} | {Ms(samples[^1])} |"));
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    private static long Pct(long[] sorted, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static string Ms(double ticks) =>
        (ticks * 1000 / Stopwatch.Frequency).ToString("0.000", CultureInfo.InvariantCulture) + " ms";

    private static string FileSystemOf(string path)
    {
        // The longest mount point that contains the path, from /proc/mounts: "device mountpoint type options ...".
        var best = ("?", "?", "");
        foreach (var line in File.ReadLines("/proc/mounts"))
        {
            var parts = line.Split(' ');
            if (parts.Length > 2 && path.StartsWith(parts[1], StringComparison.Ordinal) && parts[1].Length >= best.Item3.Length)
                best = (parts[0], parts[2], parts[1]);
        }
        return $"{best.Item2} ({best.Item1})";
    }
}
