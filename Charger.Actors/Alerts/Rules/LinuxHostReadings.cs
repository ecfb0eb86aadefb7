using System.Globalization;
using System.Runtime.InteropServices;

namespace Charger.Actors.Alerts.Rules;

/// <summary>
/// The machine's readings on Linux: statvfs through <see cref="DriveInfo"/>, VmRSS from /proc/self/status, the
/// thermal zones under /sys/class/thermal (none on most PCs and containers: unavailable, not guessed) and the
/// kernel's clock state through adjtimex(2).
/// </summary>
public sealed partial class LinuxHostReadings(string thermalRoot = LinuxHostReadings.ThermalRoot) : IHostReadings
{
    public const string ThermalRoot = "/sys/class/thermal";

    public Reading<(long TotalBytes, long FreeBytes)> Disk(string path)
    {
        try
        {
            var drive = new DriveInfo(path);
            return Reading<(long, long)>.Of((drive.TotalSize, drive.AvailableFreeSpace));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Reading<(long, long)>.Unavailable($"cannot read the file system of {path}: {e.Message}");
        }
    }

    public Reading<long> RssBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return Reading<long>.Of(kb * 1024);
            }
            return Reading<long>.Unavailable("/proc/self/status has no VmRSS");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return Reading<long>.Unavailable($"cannot read /proc/self/status: {e.Message}");
        }
    }

    public Reading<double> CpuCelsius()
    {
        if (!Directory.Exists(thermalRoot)) return Reading<double>.Unavailable($"no thermal zone: {thermalRoot} does not exist on this host");
        double? hottest = null;
        foreach (var zone in Directory.EnumerateDirectories(thermalRoot, "thermal_zone*"))
        {
            try
            {
                var text = File.ReadAllText(Path.Combine(zone, "temp")).Trim();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var millidegrees))
                    hottest = Math.Max(hottest ?? double.MinValue, millidegrees / 1000.0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // a zone without a readable temperature (some are write-only or report ENODATA) says nothing
            }
        }
        return hottest is { } celsius ? Reading<double>.Of(celsius) : Reading<double>.Unavailable($"no readable thermal zone under {thermalRoot} on this host");
    }

    public Reading<bool> ClockSynchronised()
    {
        var timex = default(Timex); // modes 0: read only, no privilege needed
        int state;
        try
        {
            state = Adjtimex(ref timex);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return Reading<bool>.Unavailable($"adjtimex is not available: {e.Message}");
        }
        if (state < 0) return Reading<bool>.Unavailable($"adjtimex failed (errno {Marshal.GetLastPInvokeError()})");
        return Reading<bool>.Of(state != TimeError && (timex.Status & StaUnsync) == 0);
    }

    /// <summary>adjtimex's answer when the clock is not synchronised.</summary>
    private const int TimeError = 5;

    /// <summary>The status bit the kernel keeps set until NTP (or chrony, systemd-timesyncd) has disciplined the clock.</summary>
    private const int StaUnsync = 0x0040;

    [LibraryImport("libc.so.6", EntryPoint = "adjtimex", SetLastError = true)]
    private static partial int Adjtimex(ref Timex timex);

    /// <summary>
    /// struct timex on 64-bit Linux (x86-64, arm64): modes, then longs, the status int at offset 40; the rest is
    /// only room for the kernel to write into (208 bytes in all, a little more here).
    /// </summary>
#pragma warning disable CS0169, CS0649 // written by the kernel
    [StructLayout(LayoutKind.Sequential)]
    private struct Timex
    {
        public uint Modes;
        public long Offset, Freq, MaxError, EstError;
        public int Status;
        public long R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13, R14, R15, R16, R17, R18, R19, R20, R21;
    }
#pragma warning restore CS0169, CS0649
}
