using System.Globalization;
using BenchmarkDotNet.Running;
using Charger.Benchmarks;

// Modes:
//   ask-latency [asks]       exact per-Ask percentiles with a stopwatch (AskLatencyProbe), default 200,000 asks
//   link-reconnect [rounds]  device reappearance -> first decoded STAT, against the simulator on a pty (LinkProbe)
//   link-idle [seconds]      process CPU of an idle link polling the simulator (LinkProbe)
//   persist-latency [n]      durable append of one event, SQLite and a local PostgreSQL (PersistLatencyProbe), default 3,000
//   anything else            BenchmarkDotNet, e.g. --filter '*' --inProcess -j short
if (args.Length > 0 && args[0] == "ask-latency")
{
    var asks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
    return await AskLatencyProbe.RunAsync(asks).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "link-reconnect")
    return await LinkProbe.ReconnectAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "link-idle")
    return await LinkProbe.IdleCpuAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30).ConfigureAwait(false);

if (args.Length > 0 && args[0] == "persist-latency")
    return await PersistLatencyProbe.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3_000).ConfigureAwait(false);

BenchmarkSwitcher.FromAssembly(typeof(AskLatencyProbe).Assembly).Run(args);
return 0;
