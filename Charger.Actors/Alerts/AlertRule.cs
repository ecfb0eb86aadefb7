namespace Charger.Actors.Alerts;

/// <summary>The rules' names: the <c>rule</c> of an alert, its HOCON key under <c>alerts</c> and its metric label.</summary>
public static class AlertRule
{
    public const string LinkDown = "link-down";
    public const string StatusStale = "status-stale";
    public const string ChargerFault = "charger-fault";
    public const string OcppDown = "ocpp-down";
    public const string SubscriberQuarantined = "subscriber-quarantined";
    public const string JournalFailing = "journal-failing";
    public const string DiskLow = "disk-low";
    public const string MemoryHigh = "memory-high";
    public const string CpuHot = "cpu-hot";
    public const string ClockUnsynchronised = "clock-unsynchronised";

    public static readonly IReadOnlyList<string> All =
        [LinkDown, StatusStale, ChargerFault, OcppDown, SubscriberQuarantined, JournalFailing, DiskLow, MemoryHigh, CpuHot, ClockUnsynchronised];

    /// <summary>Whether the rule is about the host (scope <see cref="Station"/>) rather than one charger.</summary>
    public static bool IsStationRule(string rule) => rule is JournalFailing or DiskLow or MemoryHigh or CpuHot or ClockUnsynchronised;

    /// <summary>The scope of alerts about the host rather than one charger (disk, memory, temperature, clock, journal).</summary>
    public const string Station = "station";
}
