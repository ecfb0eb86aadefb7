using System.Globalization;

namespace Charger.Host.Configuration;

/// <summary>
/// HOCON sizes in bytes: a number, optional spaces and a unit, like <c>512kB</c>, <c>10MB</c>, <c>10MiB</c>.
/// Units as in the HOCON spec, case-sensitive: B; kB, MB, GB, TB are powers of 1000; K/k/Ki/KiB,
/// M/m/Mi/MiB, G/g/Gi/GiB, T/t/Ti/TiB are powers of 1024; long forms (kilobytes, mebibytes...) too.
/// A bare number is bytes.
/// </summary>
/// <remarks>
/// <para>
/// So <c>10MB</c> is 10 000 000 bytes and <c>10M</c> or <c>10MiB</c> is 10 485 760, as in every other HOCON
/// reader; <c>KB</c> (capital K with B) is not a HOCON unit and is refused rather than guessed.
/// </para>
/// <para>
/// Ours rather than Akka.NET's <c>HoconValue.GetByteSize</c>, which has the same units but (tested on 1.5.75)
/// multiplies without an overflow check (<c>99999999999TB</c> becomes a wrong positive number), accepts
/// negative sizes (<c>-1MB</c>) and refuses fractions (<c>1.5G</c>).
/// </para>
/// </remarks>
public static class HoconSize
{
    /// <summary>The accepted form, for error messages.</summary>
    public const string ExpectedForm = "a number of bytes, or a number and a unit like 512kB, 10MB (powers of 1000) or 512KiB, 10MiB (powers of 1024)";

    private static readonly Dictionary<string, decimal> s_bytesPerUnit = new (decimal Factor, string[] Names)[]
        {
            (1m, ["B", "b", "byte", "bytes"]),
            (1e3m, ["kB", "kilobyte", "kilobytes"]),
            (1e6m, ["MB", "megabyte", "megabytes"]),
            (1e9m, ["GB", "gigabyte", "gigabytes"]),
            (1e12m, ["TB", "terabyte", "terabytes"]),
            (1L << 10, ["K", "k", "Ki", "KiB", "kibibyte", "kibibytes"]),
            (1L << 20, ["M", "m", "Mi", "MiB", "mebibyte", "mebibytes"]),
            (1L << 30, ["G", "g", "Gi", "GiB", "gibibyte", "gibibytes"]),
            (1L << 40, ["T", "t", "Ti", "TiB", "tebibyte", "tebibytes"]),
        }
        .SelectMany(u => u.Names.Select(n => (Name: n, u.Factor)))
        .ToDictionary(u => u.Name, u => u.Factor, StringComparer.Ordinal);

    /// <summary>Parses a HOCON size. False for anything else, including a negative number and a size
    /// that is not a whole number of bytes or does not fit a long.</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        // Only plain decimals: no sign, exponent or thousands separator, so nothing negative or surprising gets through.
        var s = text?.Trim() ?? "";
        var digits = 0;
        while (digits < s.Length && (char.IsAsciiDigit(s[digits]) || s[digits] == '.'))
            digits++;
        var unit = s[digits..].TrimStart();
        var perUnit = 1m;
        if (!decimal.TryParse(s.AsSpan(0, digits), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || (unit.Length > 0 && !s_bytesPerUnit.TryGetValue(unit, out perUnit))
            || number > long.MaxValue / perUnit)
            return false;
        var scaled = number * perUnit;
        if (scaled != decimal.Truncate(scaled))
            return false;
        bytes = (long)scaled;
        return true;
    }
}
