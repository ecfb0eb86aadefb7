namespace Charger.Actors.Alerts.Rules;

/// <summary>
/// What the host rules read from the machine, behind an interface so the tests can drive every rule's exact hold and
/// hysteresis; <see cref="LinuxHostReadings"/> reads the real ones. Each answer is a value, or why there is none.
/// </summary>
public interface IHostReadings
{
    /// <summary>Size and free space (for unprivileged users) of the file system holding <paramref name="path"/>.</summary>
    Reading<(long TotalBytes, long FreeBytes)> Disk(string path);

    /// <summary>This process's resident set (VmRSS).</summary>
    Reading<long> RssBytes();

    /// <summary>The hottest thermal zone, in °C.</summary>
    Reading<double> CpuCelsius();

    /// <summary>Whether the kernel says the system clock is synchronised (adjtimex).</summary>
    Reading<bool> ClockSynchronised();
}

/// <summary>A reading, or <see cref="Why"/> it is unavailable.</summary>
public readonly record struct Reading<T>(T Value, string? Why) where T : struct
{
    public static Reading<T> Of(T value) => new(value, null);

    public static Reading<T> Unavailable(string why) => new(default, why);

    public bool IsAvailable => Why is null;
}
