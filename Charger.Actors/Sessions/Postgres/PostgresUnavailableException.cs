namespace Charger.Actors.Sessions.Postgres;

/// <summary>PostgreSQL could not be reached or refused the connection; the message names the target, never the credentials.</summary>
public sealed class PostgresUnavailableException(string target, Exception inner)
    : Exception($"cannot connect to PostgreSQL at {target}: {inner.Message}", inner)
{
    public string Target { get; } = target;
}
