using Akka.Configuration.Hocon;

namespace Charger.Host.Configuration;

/// <summary>
/// HOCON durations, read by Akka.NET's own reader (<see cref="HoconValue.GetTimeSpan"/>), so that a duration
/// means the same in our sections and in the file's <c>akka</c> section: a number, optional spaces and a
/// case-sensitive unit, like <c>500ms</c>, <c>5s</c>, <c>1.5 minutes</c>; units ns, ms, s, m, h, d and their long
/// forms (nanos, micros, millis, seconds, minutes, hours, days and variants).
/// </summary>
/// <remarks>
/// On top of Akka's reader, one rule of ours: a unit is required. Akka reads a bare number as milliseconds,
/// .NET's TimeSpan converter reads "5" as five days, and <see cref="HoconConverters"/> serves both, so a bare
/// number is refused as ambiguous. Akka's "infinite" is refused too: no setting here means forever.
/// What Akka's reader does that the HOCON spec does not (tested): it refuses the unit <c>us</c> (write
/// <c>micros</c>), and rounds a fraction of a tick (<c>50ns</c> is zero).
/// </remarks>
public static class HoconDuration
{
    /// <summary>The accepted form, for error messages.</summary>
    public const string ExpectedForm = "a number and a unit, like 500ms, 5s, 2m, 1h or 1d";

    /// <summary>Parses a HOCON duration. False for anything else, including a bare number, a negative
    /// number, and a duration that does not fit a TimeSpan.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || !char.IsAsciiDigit(trimmed[0]) || !char.IsAsciiLetter(trimmed[^1]))
            return false;
        var value = new HoconValue();
        value.AppendValue(new HoconLiteral { Value = trimmed });
        try
        {
            duration = value.GetTimeSpan(allowInfinite: false);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return false;
        }
    }
}
