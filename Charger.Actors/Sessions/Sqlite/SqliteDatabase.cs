using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Charger.Actors.Sessions.Sqlite;

/// <summary>
/// The embedded database, one file <c>{dataDir}/charger.db</c>, shared by the journal, the snapshot store
/// and query tables. Opening it sets WAL mode (readers never block the writer), <c>synchronous=FULL</c>
/// (a committed transaction survives power loss), a busy timeout and foreign keys, and migrates the schema
/// (<see cref="SqliteSchema"/>).
/// <para>
/// Writes are serialized through one connection (SQLite has one writer anyway; queuing here is cheaper
/// than SQLITE_BUSY retries) and each <see cref="WriteAsync{T}"/> is one IMMEDIATE transaction, so a
/// caller can put a journal append and a query-table update in one commit. Reads use a small pool of
/// <c>query_only</c> connections and run concurrently with each other and with the writer.
/// </para>
/// <para>
/// The async methods complete synchronously on the calling thread (Microsoft.Data.Sqlite has no async
/// I/O); only waiting for the writer is asynchronous.
/// </para>
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    public const string FileName = "charger.db";

    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentBag<SqliteConnection> _idleReaders = [];
    private readonly string _connectionString;
    private readonly SqliteDatabaseOptions _options;
    private volatile bool _disposed;

    private SqliteDatabase(string filePath, string connectionString, SqliteDatabaseOptions options, SqliteConnection writer, int schemaVersion)
    {
        FilePath = filePath;
        _connectionString = connectionString;
        _options = options;
        _writer = writer;
        SchemaVersion = schemaVersion;
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>The schema version (<c>PRAGMA user_version</c>) after opening.</summary>
    public int SchemaVersion { get; }

    /// <summary>Opens (creating if needed) <c>{dataDirectory}/charger.db</c>; creates the directory too.</summary>
    public static Task<SqliteDatabase> OpenAsync(string dataDirectory, SqliteDatabaseOptions? options = null, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        return OpenFileAsync(Path.Combine(dataDirectory, FileName), options, logger, cancellationToken);
    }

    /// <summary>Opens (creating if needed) the database at <paramref name="filePath"/>.</summary>
    /// <exception cref="UnsupportedSchemaVersionException">The file was written by a newer Charger.</exception>
    public static Task<SqliteDatabase> OpenFileAsync(string filePath, SqliteDatabaseOptions? options = null, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        options ??= new SqliteDatabaseOptions();
        if (options.BusyTimeout < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), "the busy timeout cannot be negative");
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<SqliteDatabase>(cancellationToken);
        try
        {
            return Task.FromResult(Open(filePath, options, logger));
        }
        catch (Exception e)
        {
            return Task.FromException<SqliteDatabase>(e);
        }
    }

    private static SqliteDatabase Open(string filePath, SqliteDatabaseOptions options, ILogger? logger)
    {
        var fullPath = Path.GetFullPath(filePath);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // We keep our own connections: closing one really closes the file (tests, backups, restores).
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();

        var writer = new SqliteConnection(connectionString);
        try
        {
            writer.Open();
            var mode = Scalar(writer, "PRAGMA journal_mode = WAL;");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{fullPath}: SQLite refused WAL mode (got '{mode}'); is the file on a network filesystem?");
            Configure(writer, options, readOnly: false);
            KeepCopyBeforeUpgrade(writer, fullPath, logger);
            var (from, to) = SqliteMigrator.Migrate(writer, SqliteSchema.Migrations, fullPath);
            if (from == to)
                logger?.LogInformation("SQLite database {Path} opened at schema version {Version}", fullPath, to);
            else
                logger?.LogInformation("SQLite database {Path} migrated from schema version {From} to {To}", fullPath, from, to);
            return new SqliteDatabase(fullPath, connectionString, options, writer, to);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>The copy of a previous release's file kept beside it when it is upgraded (<c>charger.db.v5.bak</c>).</summary>
    public static string UpgradeCopyPath(string filePath, int fromVersion) => $"{filePath}.v{fromVersion}.bak";

    /// <summary>
    /// A file of a release whose journal was our own is copied (consistently, WAL included: <c>VACUUM INTO</c>)
    /// before its first migration under this one, so an operator can roll back to the previous release with
    /// its data. Once, before the schema changes: the copy exists only if the upgrade had not begun.
    /// </summary>
    private static void KeepCopyBeforeUpgrade(SqliteConnection writer, string fullPath, ILogger? logger)
    {
        var version = SqliteMigrator.ReadUserVersion(writer, transaction: null);
        if (version is 0 or >= SqliteSchema.AkkaJournalVersion) return;
        var copy = UpgradeCopyPath(fullPath, version);
        if (File.Exists(copy)) return;
        using var command = writer.CreateCommand();
        command.CommandText = "VACUUM INTO $copy;";
        command.Parameters.AddWithValue("$copy", copy);
        command.ExecuteNonQuery();
        logger?.LogInformation("SQLite database {Path} is at schema version {Version} of an earlier release: copied to {Copy} before upgrading it",
            fullPath, version, copy);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one IMMEDIATE transaction on the writer connection and commits it
    /// durably; if it throws, everything it did is rolled back. Writes run one at a time, in call order.
    /// Every command the work creates must set <c>Transaction</c> to the given transaction.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = await work(_writer, transaction).ConfigureAwait(false);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc cref="WriteAsync{T}"/>
    public Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return WriteAsync<bool>(async (connection, transaction) =>
        {
            await work(connection, transaction).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="read"/> on a read-only connection of its own; reads run concurrently with each other and with writes.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = RentReader();
        try
        {
            return await read(connection).ConfigureAwait(false);
        }
        finally
        {
            ReturnReader(connection);
        }
    }

    /// <summary>A read-only connection for a streaming read; give it back with <see cref="ReturnReader"/>.</summary>
    internal SqliteConnection RentReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idleReaders.TryTake(out var idle))
            return idle;
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Configure(connection, _options, readOnly: true);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    internal void ReturnReader(SqliteConnection connection)
    {
        if (_disposed || _idleReaders.Count >= _options.IdleReadConnections)
        {
            connection.Dispose();
            return;
        }
        _idleReaders.Add(connection);
        // Dispose may have drained the bag between the check and the add.
        if (_disposed)
            DrainReaders();
    }

    /// <summary>Waits for the write in progress, then closes every connection (the last close checkpoints the WAL into the file).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            DrainReaders();
            _writer.Dispose();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void DrainReaders()
    {
        while (_idleReaders.TryTake(out var connection))
            connection.Dispose();
    }

    private static void Configure(SqliteConnection connection, SqliteDatabaseOptions options, bool readOnly)
    {
        var busyMs = ((long)options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            PRAGMA busy_timeout = {busyMs};
            PRAGMA synchronous = FULL;
            PRAGMA foreign_keys = ON;
            PRAGMA query_only = {(readOnly ? "ON" : "OFF")};
            """;
        command.ExecuteNonQuery();
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
