using Npgsql;
using NpgsqlTypes;

namespace Charger.Actors.Sessions.Postgres;

/// <summary>
/// Positional parameters of the session tables' SQL, typed even when null so PostgreSQL never has to
/// guess a type, and timestamps in UTC (Npgsql refuses another offset for <c>timestamptz</c>).
/// </summary>
internal static class SessionParameter
{
    public static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    public static NpgsqlParameter Integer(int? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer };

    public static NpgsqlParameter Time(DateTimeOffset value) => new() { Value = value.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz };

    public static NpgsqlParameter Json(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Jsonb };
}
