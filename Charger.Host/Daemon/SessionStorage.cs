using Charger.Actors.Persistence;
using Charger.Actors.Persistence.Postgres;
using Charger.Actors.Persistence.Sqlite;
using Charger.Actors.Sessions;
using Charger.Actors.Sessions.Postgres;
using Charger.Actors.Sessions.Queries;
using Charger.Actors.Sessions.Sqlite;
using Charger.Host.Configuration;

namespace Charger.Host.Daemon;

/// <summary>
/// The persistence the daemon runs with (<c>persistence.provider</c>): the context the session actors
/// journal with, and the session query table that each journal append keeps up to date in the same
/// transaction. Opened before the chargers start, closed after the actors have stopped.
/// </summary>
public sealed class SessionStorage : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;

    private SessionStorage(PersistenceContext persistence, ISessionQueries queries, Func<ValueTask> dispose)
    {
        Persistence = persistence;
        Queries = queries;
        _dispose = dispose;
    }

    public PersistenceContext Persistence { get; }

    public ISessionQueries Queries { get; }

    public static async Task<SessionStorage> OpenAsync(DaemonOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var serializer = new PersistenceSerializer().RegisterSessions();
        switch (options.Persistence)
        {
            case PersistenceProvider.Sqlite:
            {
                var database = await SqliteDatabase.OpenAsync(options.DataDirectory, logger: loggerFactory.CreateLogger<SqliteDatabase>(),
                    cancellationToken: cancellationToken);
                var journal = new HookedJournal(new SqliteJournal(database), new SqliteSessionTables(serializer));
                var context = new PersistenceContext(journal, new SqliteSnapshotStore(database), serializer);
                return new SessionStorage(context, new SqliteSessionQueries(database), database.DisposeAsync);
            }
            case PersistenceProvider.Postgres:
            {
                var database = await OpenPostgresAsync(options, loggerFactory, cancellationToken);
                var journal = new HookedJournal(new PostgresJournal(database), new PostgresSessionTables(serializer));
                var context = new PersistenceContext(journal, new PostgresSnapshotStore(database), serializer);
                return new SessionStorage(context, new PostgresSessionQueries(database), database.DisposeAsync);
            }
            case PersistenceProvider.Memory:
            {
                var queries = new InMemorySessionQueries(serializer);
                var context = new PersistenceContext(queries.Journal(new InMemoryJournal()), new InMemorySnapshotStore(), serializer);
                return new SessionStorage(context, queries, () => ValueTask.CompletedTask);
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
