using System.Globalization;

namespace Charger.Host.Configuration;

/// <summary>The number-then-unit shape that <see cref="HoconDuration"/> and <see cref="HoconSize"/> share.</summary>
internal static class UnitNumber
{
    /// <summary>Splits "1.5 MB" into the number and the unit (empty when there is none). Only plain decimals:
    /// no sign, exponent or thousands separator, so nothing negative or surprising gets through.</summary>
    public static bool TrySplit(string? text, out decimal number, out string unit)
    {
        var s = text?.Trim() ?? "";
        var digits = 0;
        while (digits < s.Length && (char.IsAsciiDigit(s[digits]) || s[digits] == '.'))
            digits++;
        unit = s[digits..].TrimStart();
        return decimal.TryParse(s.AsSpan(0, digits), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>number × factor as a whole long; false when a fraction is left or it does not fit.</summary>
    public static bool TryScale(decimal number, decimal factor, out long result)
    {
        result = 0;
        if (number > long.MaxValue / factor)
            return false;
        var scaled = number * factor;
        if (scaled != decimal.Truncate(scaled))
            return false;
        result = (long)scaled;
        return true;
    }

    /// <summary>Unit names (case-sensitive, as HOCON's m and M differ) to their factor.</summary>
    public static Dictionary<string, decimal> Table(params (decimal Factor, string[] Names)[] units) =>
        units.SelectMany(u => u.Names.Select(n => (Name: n, u.Factor)))
            .ToDictionary(u => u.Name, u => u.Factor, StringComparer.Ordinal);
}
