using System.Globalization;
using BenchmarkDotNet.Running;
using Charger.Benchmarks;

// Two modes:
//   ask-latency [asks]     exact per-Ask percentiles with a stopwatch (AskLatencyProbe), default 200,000 asks
//   anything else          BenchmarkDotNet, e.g. --filter '*' --inProcess -j short
if (args.Length > 0 && args[0] == "ask-latency")
{
    var asks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
    return await AskLatencyProbe.RunAsync(asks).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(AskLatencyProbe).Assembly).Run(args);
return 0;
