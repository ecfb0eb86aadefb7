using Charger.Actors.Sessions.Journal;
using Charger.Actors.Sessions.Migration;
using Charger.Actors.Sessions.Postgres;
using Charger.Actors.Sessions.Projection;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Sessions.Sqlite;
using Charger.Host.Configuration;

namespace Charger.Host.Daemon;

/// <summary>
/// The session database the daemon runs with (<c>persistence.provider</c>): where Akka.Persistence.Sql journals
/// (<see cref="Store"/>, composed into the ActorSystem by <see cref="SessionJournal"/>), and our tables in it: the
/// session tables the projection writes (<see cref="Tables"/>) and the API reads (<see cref="Queries"/>), and the
/// previous release's journal while it is migrated (<see cref="Legacy"/>). Opened (and its schema migrated)
/// before the actors start, closed after they have stopped. <c>memory</c> is a SQLite file in a temporary
/// directory that goes with the process: the same code as a station runs, nothing kept.
/// </summary>
public sealed class SessionStorage : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;

    private SessionStorage(SessionStore store, ISessionQueries queries, ISessionTablesWriter tables, ILegacyJournal legacy, Func<ValueTask> dispose)
    {
        Store = store;
        Queries = queries;
        Tables = tables;
        Legacy = legacy;
        _dispose = dispose;
    }

    public SessionStore Store { get; }

    public ISessionQueries Queries { get; }

    public ISessionTablesWriter Tables { get; }

    public ILegacyJournal Legacy { get; }

    /// <summary>Where the journal of <paramref name="options"/> lives, known before anything is opened (Akka's configuration needs it).</summary>
    public static SessionStore StoreFor(DaemonOptions options) => options.Persistence switch
    {
        PersistenceProvider.Sqlite => new SessionStore.Sqlite(Path.GetFullPath(Path.Combine(options.DataDirectory, SqliteDatabase.FileName))),
        PersistenceProvider.Postgres => new SessionStore.Postgres(options.PostgresConnectionString!),
        PersistenceProvider.Memory => new SessionStore.Sqlite(Path.Combine(Path.GetTempPath(), $"charger-memory-{Guid.NewGuid():N}", SqliteDatabase.FileName)),
        _ => throw new NotSupportedException($"persistence.provider {options.Persistence} is not available in this build."),
    };

    public static async Task<SessionStorage> OpenAsync(DaemonOptions options, SessionStore store, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        switch (store)
        {
            case SessionStore.Sqlite sqlite:
            {
                var directory = Path.GetDirectoryName(sqlite.FilePath)!;
                Directory.CreateDirectory(directory);
                var database = await SqliteDatabase.OpenFileAsync(sqlite.FilePath, logger: loggerFactory.CreateLogger<SqliteDatabase>(),
                    cancellationToken: cancellationToken);
                Func<ValueTask> dispose = options.Persistence == PersistenceProvider.Memory
                    ? async () =>
                    {
                        await database.DisposeAsync();
                        Directory.Delete(directory, recursive: true);
                    }
                    : database.DisposeAsync;
                return new SessionStorage(store, new SqliteSessionQueries(database), new SqliteSessionTables(database), new SqliteLegacyJournal(database), dispose);
            }
            case SessionStore.Postgres:
            {
                var database = await OpenPostgresAsync(options, loggerFactory, cancellationToken);
                return new SessionStorage(store, new PostgresSessionQueries(database), new PostgresSessionTables(database), new PostgresLegacyJournal(database),
                    database.DisposeAsync);
            }
            default:
                throw new NotSupportedException($"persistence.provider {options.Persistence} is not available in this build.");
        }
    }

    /// <summary>
    /// Opens the server in <c>persistence.postgres.connection-string</c>, failing the start with a message
    /// that names the key. The messages never contain the connection string: it may hold the password.
    /// </summary>
    private static async Task<PostgresDatabase> OpenPostgresAsync(DaemonOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        const string key = "persistence.postgres.connection-string";
        try
        {
            return await PostgresDatabase.OpenAsync(options.PostgresConnectionString!, loggerFactory.CreateLogger<PostgresDatabase>(), cancellationToken);
        }
        catch (ArgumentException e)
        {
            // Not e.Message with its "(Parameter ...)" suffix: the key is what the operator edits.
            throw new ConfigurationException(key,
                $"{key} (or CHARGER_POSTGRES) is not a valid PostgreSQL connection string (Host=...;Username=...;Password=...;Database=...).", e);
        }
        catch (PostgresUnavailableException e)
        {
            throw new StorageUnavailableException(key, $"{e.Message} (check that the server runs and that {key} or CHARGER_POSTGRES points to it)", e);
        }
    }

    public ValueTask DisposeAsync() => _dispose();
}
