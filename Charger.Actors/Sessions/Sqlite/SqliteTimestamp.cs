using System.Globalization;

namespace Charger.Actors.Sessions.Sqlite;

/// <summary>Timestamps as SQLite keeps them: UTC ISO 8601 text with 7 fractional digits, exact to the tick and sortable.</summary>
internal static class SqliteTimestamp
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset FromText(string text) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), DateTimeKind.Utc));
}
