namespace Charger.Host.Operations;

/// <summary>
/// The process and machine figures of <c>GET /api/health</c> at one moment (the predecessor's
/// psutil fields). Null where this machine cannot tell (no thermal zone, no /proc).
/// </summary>
public sealed record HostSample(
    DateTimeOffset TakenAt,
    int Threads,
    double MemoryMb,
    double? CpuPercent,
    double? MemoryPercent,
    double? SystemCpuPercent,
    double? SystemMemoryPercent,
    double? SystemMemoryTotalMb,
    double? SystemMemoryAvailableMb,
    double[]? LoadAverage,
    double? CpuTemperatureCelsius,
    double? DiskTotalGb,
    double? DiskUsedGb,
    double? DiskFreeGb,
    double? DiskPercent,
    bool TrackersAlive);
