namespace Charger.Benchmarks.Support;

/// <summary>How busy the (shared) machine was, for the record next to each measurement.</summary>
public static class MachineLoad
{
    /// <summary>The 1-, 5- and 15-minute load averages from /proc/loadavg.</summary>
    public static string Average() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
