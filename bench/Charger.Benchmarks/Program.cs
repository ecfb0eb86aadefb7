using System.Globalization;
using BenchmarkDotNet.Running;
using Charger.Actors.Subscribers;
using Charger.Benchmarks;

// Modes:
//   ask-latency [asks]       exact per-Ask percentiles with a stopwatch (AskLatencyProbe), default 200,000 asks
//   link-reconnect [rounds]  device reappearance -> first decoded STAT, against the simulator on a pty (LinkProbe)
//   link-idle [seconds]      process CPU of an idle link polling the simulator (LinkProbe)
//   event-latency [lines] [pause-ms] [load]
//                            STAT line on a pty -> charger event in a subscriber's sink (EventLatencyProbe),
//                            default 5,000 lines, 10 ms pause; "load" keeps the other core busy meanwhile
//   pty-latency [lines] [pause-ms] [load]
//                            the same lines read by LinuxSerialPort alone, no actors: the floor under event-latency (PtyLatencyProbe)
//   serial-drivers [lines] [pause-ms]
//                            termios vs System.IO.Ports on a pty: line latency, bytes/s, CPU per 1,000 frames, idle CPU (SerialDriverProbe)
//   event-throughput [seconds] [pty|direct] [max-retries]
//                            events/s into 10 subscribers and bytes per delivery (EventThroughputProbe), default 10 s, pty, 3 retries
//   persist-latency [n]      Persist round trip of one event through an Akka persistent actor on Akka.Persistence.Sql,
//                            SQLite and a local PostgreSQL (PersistLatencyProbe), default 3,000
//   session-recovery [events] [runs]
//                            SessionActor recovery over charger.db, no snapshot and one near the end (SessionRecoveryProbe), default 100,000 events, 3 runs
//   session-queries [sessions] [queries]
//                            SQLite session query latency at that many sessions of one charger (SessionQueryProbe), default 100,000 sessions, 300 queries per kind
//   projection-lag [sessions] [chargers] [poll-ms|default] [read-isolation-level]
//                            SessionClosed journaled -> visible through SqliteSessionQueries, chargers writing at once (ProjectionLagProbe),
//                            default 200 sessions, 1 charger, the session journal's poll interval and read isolation level
//   ocpp [changes] [queued]  charger event -> StatusNotification at a loopback central system, and the drain time of that
//                            many transaction messages queued offline (OcppProbe), default 1,000 changes, 1,000 messages
//   charger-cost DAEMON_DIR [counts] [idle-seconds] [changes]
//                            idle CPU, VmRSS/Private_Dirty and STAT frame -> SSE subscriber latency of a published daemon with
//                            1, 10 and 50 simulated chargers (ChargerCostProbe), default counts 1,10,50, 60 s idle, 40 changes
//   anything else            BenchmarkDotNet, e.g. --filter '*' --inProcess -j short
if (args.Length > 0 && args[0] == "ask-latency")
{
    var asks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
    return await AskLatencyProbe.RunAsync(asks).ConfigureAwait(false);
}

if (args.Length > 1 && args[0] == "charger-cost")
    return await ChargerCostProbe.RunAsync(args[1],
        args.Length > 2 ? [.. args[2].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))] : [1, 10, 50],
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 60,
        args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 40).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "link-reconnect")
    return await LinkProbe.ReconnectAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "link-idle")
    return await LinkProbe.IdleCpuAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "event-latency")
    return await EventLatencyProbe.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10,
        args.Length > 3 && args[3] == "load").ConfigureAwait(false);
if (args.Length > 0 && args[0] == "pty-latency")
    return await PtyLatencyProbe.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10,
        args.Length > 3 && args[3] == "load").ConfigureAwait(false);
if (args.Length > 0 && args[0] == "serial-drivers")
    return await SerialDriverProbe.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "event-throughput")
    return await EventThroughputProbe.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10,
        args.Length > 2 ? args[2] : "pty",
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : new SubscriberOptions().MaxRetries).ConfigureAwait(false);

if (args.Length > 0 && args[0] == "ocpp")
    return await OcppProbe.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000).ConfigureAwait(false);

if (args.Length > 0 && args[0] == "state-latency")
    return await StateLatencyProbe.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200).ConfigureAwait(false);

if (args.Length > 0 && args[0] == "persist-latency")
    return await PersistLatencyProbe.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3_000).ConfigureAwait(false);

if (args.Length > 0 && args[0] == "session-recovery")
    return await SessionRecoveryProbe.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "projection-lag")
    return await ProjectionLagProbe.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1,
        args.Length > 3 && args[3] != "default" ? TimeSpan.FromMilliseconds(int.Parse(args[3], CultureInfo.InvariantCulture)) : null,
        args.Length > 4 ? args[4] : null).ConfigureAwait(false);

if (args.Length > 0 && args[0] == "session-queries")
    return await SessionQueryProbe.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300).ConfigureAwait(false);

BenchmarkSwitcher.FromAssembly(typeof(AskLatencyProbe).Assembly).Run(args);
return 0;
