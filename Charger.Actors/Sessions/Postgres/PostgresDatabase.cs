using Microsoft.Extensions.Logging;
using Npgsql;

namespace Charger.Actors.Sessions.Postgres;

/// <summary>
/// A PostgreSQL database holding Charger's <c>charger</c> schema: owns the connection pool, migrates the
/// schema when opened (<see cref="PostgresSchema"/>) and runs writes as transactions that commit durably
/// (every connection starts with <c>synchronous_commit=on</c>, whatever the server's default). The journal, the snapshot
/// store and query tables share one instance.
/// <para>
/// The connection string comes from configuration and may carry a password: it is never logged or put
/// in an exception message; <see cref="Target"/> (host, port, database, user) is what logs show.
/// </para>
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresDatabase(NpgsqlDataSource dataSource, string target, int schemaVersion)
    {
        _dataSource = dataSource;
        Target = target;
        SchemaVersion = schemaVersion;
    }

    /// <summary>Where the database is, without credentials: <c>host:port/database as user</c>.</summary>
    public string Target { get; }

    /// <summary>The schema version after opening.</summary>
    public int SchemaVersion { get; }

    /// <summary>Connects, creates or migrates the <c>charger</c> schema and returns the open database.</summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    /// <exception cref="PostgresUnavailableException">The server cannot be reached or refused us.</exception>
    /// <exception cref="UnsupportedSchemaVersionException">The schema was written by a newer Charger.</exception>
    public static async Task<PostgresDatabase> OpenAsync(string connectionString, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            // Not e.Message: a parser may quote the offending value, which can be the password.
            throw new ArgumentException($"the PostgreSQL connection string is malformed ({e.GetType().Name})", nameof(connectionString));
        }
        if (string.IsNullOrEmpty(settings.ApplicationName))
            settings.ApplicationName = "charger";
        // Commits wait for the WAL flush whatever the server, database or role default says. A startup
        // option outranks those defaults and costs no round trip (a SET LOCAL per transaction would).
        settings.Options = $"{settings.Options} -c synchronous_commit=on".TrimStart();
        var target = Describe(settings);

        var dataSource = new NpgsqlDataSourceBuilder(settings.ConnectionString).Build();
        try
        {
            NpgsqlConnection connection;
            try
            {
                connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                throw new PostgresUnavailableException(target, e);
            }
            int from, to;
            await using (connection)
                (from, to) = await PostgresMigrator.MigrateAsync(connection, PostgresSchema.Migrations, target, cancellationToken).ConfigureAwait(false);
            if (from == to)
                logger?.LogInformation("PostgreSQL {Target} opened at schema version {Version}", target, to);
            else
                logger?.LogInformation("PostgreSQL {Target} migrated from schema version {From} to {To}", target, from, to);
            return new PostgresDatabase(dataSource, target, to);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it durably; if it throws, everything it
    /// did is rolled back. Unlike SQLite, writes from different callers run concurrently.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc cref="WriteAsync{T}"/>
    public Task WriteAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return WriteAsync<bool>(async (connection, transaction) =>
        {
            await work(connection, transaction).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="read"/> on a pooled connection of its own.</summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await read(connection).ConfigureAwait(false);
    }

    /// <summary>A pooled connection for a streaming read; dispose it to give it back.</summary>
    internal ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        _dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static string Describe(NpgsqlConnectionStringBuilder settings)
    {
        var host = string.IsNullOrEmpty(settings.Host) ? "localhost" : settings.Host;
        var database = string.IsNullOrEmpty(settings.Database) ? settings.Username : settings.Database;
        return $"{host}:{settings.Port}/{database} as {settings.Username ?? "(default user)"}";
    }
}
