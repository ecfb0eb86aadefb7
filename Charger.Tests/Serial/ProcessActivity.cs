using System.Globalization;

namespace Charger.Tests.Serial;

/// <summary>
/// CPU time and context switches of this process' threads, from /proc/self/task/*/stat and status (bounded
/// reads of /proc: the kernel offers no notification of CPU use). A thread spinning on a 1 ms poll or sleep
/// switches about 1,000 times a second while using little CPU, so switches show a polling spin that CPU
/// time alone hides; CPU time shows a busy loop.
/// </summary>
internal static class ProcessActivity
{
    private static readonly long TicksPerSecond = 100; // USER_HZ, 100 on every Linux ABI we run on

    /// <summary>One thread's counters: CPU (user + system) and context switches (voluntary + not).</summary>
    public readonly record struct ThreadCounters(string Name, TimeSpan Cpu, long ContextSwitches);

    /// <summary>The counters of every thread now, by thread id.</summary>
    public static Dictionary<int, ThreadCounters> Threads()
    {
        var threads = new Dictionary<int, ThreadCounters>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                long switches = 0;
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                        || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        switches += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] =
                    new ThreadCounters(name, TimeSpan.FromSeconds((double)ticks / TicksPerSecond), switches);
            }
            catch (IOException)
            {
                // the thread ended while we listed it
            }
        }
        return threads;
    }

    /// <summary>
    /// What the threads not in <paramref name="existing"/> (those started since, e.g. by a serial port) did
    /// over <paramref name="period"/>: the total, and a per-thread line for the message.
    /// </summary>
    public static async Task<(TimeSpan Cpu, long ContextSwitches, string Detail)> OfNewThreadsOver(
        IReadOnlySet<int> existing, TimeSpan period)
    {
        var start = Threads();
        await Task.Delay(period); // the period being measured, not a wait for I/O
        var end = Threads();
        var cpu = TimeSpan.Zero;
        long switches = 0;
        var detail = new List<string>();
        foreach (var (id, now) in end)
        {
            if (existing.Contains(id)) continue;
            var then = start.TryGetValue(id, out var t) ? t : new ThreadCounters(now.Name, TimeSpan.Zero, 0);
            var c = now.Cpu - then.Cpu;
            var s = now.ContextSwitches - then.ContextSwitches;
            cpu += c;
            switches += s;
            detail.Add($"{now.Name}: {c.TotalMilliseconds:0} ms, {s} switches");
        }
        return (cpu, switches, string.Join("; ", detail));
    }
}
