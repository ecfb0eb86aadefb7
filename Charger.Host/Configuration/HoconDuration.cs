namespace Charger.Host.Configuration;

/// <summary>
/// HOCON durations: a number, optional spaces and a unit, like <c>500ms</c>, <c>5s</c>, <c>1.5 minutes</c>.
/// Units as in the HOCON spec, case-sensitive: ns, us, ms, s, m, h, d, and their long forms
/// (nanos, micros, millis, seconds, minutes, hours, days and variants).
/// </summary>
/// <remarks>
/// HOCON reads a bare number as milliseconds, but .NET's TimeSpan reads "5" as five days; a bare number
/// is therefore not a duration here, and <see cref="HoconConverters"/> rejects it as ambiguous.
/// </remarks>
public static class HoconDuration
{
    /// <summary>The accepted form, for error messages.</summary>
    public const string ExpectedForm = "a number and a unit, like 500ms, 5s, 2m, 1h or 1d";

    private static readonly Dictionary<string, decimal> s_ticksPerUnit = UnitNumber.Table(
        (TimeSpan.TicksPerMillisecond / 1_000_000m, ["ns", "nano", "nanos", "nanosecond", "nanoseconds"]),
        (TimeSpan.TicksPerMillisecond / 1_000m, ["us", "micro", "micros", "microsecond", "microseconds"]),
        (TimeSpan.TicksPerMillisecond, ["ms", "milli", "millis", "millisecond", "milliseconds"]),
        (TimeSpan.TicksPerSecond, ["s", "second", "seconds"]),
        (TimeSpan.TicksPerMinute, ["m", "minute", "minutes"]),
        (TimeSpan.TicksPerHour, ["h", "hour", "hours"]),
        (TimeSpan.TicksPerDay, ["d", "day", "days"]));

    /// <summary>Parses a HOCON duration. False for anything else, including a bare number, a negative
    /// number, and a duration that is not a whole number of ticks (100 ns) or does not fit a TimeSpan.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (!UnitNumber.TrySplit(text, out var number, out var unit) || unit.Length == 0
            || !s_ticksPerUnit.TryGetValue(unit, out var perUnit)
            || !UnitNumber.TryScale(number, perUnit, out var ticks))
            return false;
        duration = TimeSpan.FromTicks(ticks);
        return true;
    }
}
