using System.Data;
using System.Data.Common;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;

namespace Charger.Actors.Sessions.Journal;

/// <summary>
/// Composes the session journal into an ActorSystem with Akka.Persistence.Sql (the journal, the snapshot
/// store and the <c>SqlReadJournal</c> the projection follows), Akka.Persistence.Sql.Hosting's way: our
/// serializer, the session tagger, and our own table names, so Akka's tables (<c>akka_*</c>) never collide
/// with the session tables or with the previous release's journal while it is migrated.
/// </summary>
public static class SessionJournal
{
    public const string JournalTable = "akka_journal";
    public const string MetadataTable = "akka_journal_metadata";
    public const string TagTable = "akka_tags";
    public const string SnapshotTable = "akka_snapshots";

    /// <summary>Where the read journal lives: <c>PersistenceQuery.Get(system).ReadJournalFor&lt;SqlReadJournal&gt;(...)</c>.</summary>
    public const string ReadJournalId = "akka.persistence.query.journal.sql";

    /// <summary>
    /// How often the read journal looks for new events. Two polls (the journal's highest ordering, then the
    /// tagged events below it) stand between a journaled session end and its row, so each is short to keep the
    /// read side's lag p99 under 250 ms; each poll is one indexed query.
    /// </summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(50);

    public static AkkaConfigurationBuilder WithSessionJournal(this AkkaConfigurationBuilder builder, SessionStore store, TimeSpan? pollInterval = null)
    {
        var (journal, snapshots) = Options(store, pollInterval ?? DefaultPollInterval);
        builder.WithCustomSerializer(SessionJournalSerializer.Name, BoundTypes, system => new SessionJournalSerializer(system));
        builder.WithSqlPersistence(journal, snapshots,
            journalBuilder: adapters => adapters.AddWriteEventAdapter<SessionTagger>(TaggerName, [typeof(ISessionEvent)]));
        return builder.AddHocon(QueryConfig(store, pollInterval ?? DefaultPollInterval), HoconAddMode.Prepend);
    }

    /// <summary>
    /// The same composition as plain HOCON, for an ActorSystem built without Akka.Hosting (the TestKit's, the
    /// benchmarks'): what <see cref="WithSessionJournal"/> adds, from the same options.
    /// </summary>
    public static Config ToConfig(SessionStore store, TimeSpan? pollInterval = null)
    {
        var poll = pollInterval ?? DefaultPollInterval;
        var (journal, snapshots) = Options(store, poll);
        var bindings = string.Join(", ", BoundTypes.Select(t => $"\"{t.FullName}, {t.Assembly.GetName().Name}\" = {SessionJournalSerializer.Name}"));
        static string TypeName(Type t) => $"{t.FullName}, {t.Assembly.GetName().Name}";
        return ConfigurationFactory.ParseString($$"""
                {{QueryConfig(store, poll)}}
                akka.actor.serializers.{{SessionJournalSerializer.Name}} = "{{TypeName(typeof(SessionJournalSerializer))}}"
                akka.actor.serialization-identifiers."{{TypeName(typeof(SessionJournalSerializer))}}" = {{SessionJournalSerializer.Id}}
                akka.actor.serialization-bindings { {{bindings}} }
                akka.persistence.journal.sql.event-adapters.{{TaggerName}} = "{{TypeName(typeof(SessionTagger))}}"
                akka.persistence.journal.sql.event-adapter-bindings { "{{TypeName(typeof(ISessionEvent))}}" = {{TaggerName}} }
                """)
            .WithFallback(journal.ToConfig())
            .WithFallback(snapshots.ToConfig())
            .WithFallback(journal.DefaultQueryConfig)
            .WithFallback(journal.DefaultConfig)
            .WithFallback(snapshots.DefaultConfig);
    }

    /// <summary>
    /// What <see cref="ToConfig"/> cannot say in HOCON: the SQLite connections' pragmas (linq2db's DataOptions), as a
    /// setup for <c>BootstrapSetup.And(...)</c>; null for PostgreSQL.
    /// </summary>
    public static DataOptionsSetup? SetupFor(SessionStore store) =>
        Options(store, DefaultPollInterval).Journal.DataOptions is { } options ? new DataOptionsSetup(options) : null;

    private const string TaggerName = "session-tagger";

    private static readonly Type[] BoundTypes = [typeof(ISessionEvent), typeof(IAuthorizationEvent), typeof(SessionSnapshot)];

    // The read journal only hands out events below the highest ordering it has seen without gaps; that
    // ordering is polled separately (1 s by default).
    private static string QueryConfig(SessionStore store, TimeSpan poll) =>
        $"{ReadJournalId}.journal-sequence-retrieval.query-delay = {(long)poll.TotalMilliseconds}ms\n" +
        (store is SessionStore.Sqlite ? $"{ReadJournalId}.read-isolation-level = read-uncommitted\n" : "");

    private static (SqlJournalOptions Journal, SqlSnapshotOptions Snapshots) Options(SessionStore store, TimeSpan poll)
    {
        var (connectionString, provider, schema) = store switch
        {
            SessionStore.Sqlite sqlite => (sqlite.ConnectionString, ProviderName.SQLiteMS, (string?)null),
            SessionStore.Postgres postgres => (postgres.ConnectionString, ProviderName.PostgreSQL15, Postgres.PostgresSchema.Name),
            _ => throw new ArgumentOutOfRangeException(nameof(store), store, "unknown session store"),
        };
        // SQLite: reads as plain deferred transactions (Akka's default isolation makes them BEGIN IMMEDIATE, taking the
        // write lock for every read-journal poll), and SQLite's own busy wait on every connection (without it
        // Microsoft.Data.Sqlite retries a locked database in 150 ms sleeps): bench/RESULTS.md "projection lag".
        var isSqlite = store is SessionStore.Sqlite;
        IsolationLevel? reads = isSqlite ? IsolationLevel.ReadUncommitted : null;
        var dataOptions = isSqlite
            ? new DataOptions().UseConnectionString(provider, connectionString).UseAfterConnectionOpened(ConfigureSqlite, ConfigureSqliteAsync)
            : null;
        var journal = new SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = provider,
            DataOptions = dataOptions,
            ReadIsolationLevel = reads,
            AutoInitialize = true,
            TagStorageMode = TagMode.TagTable,
            QueryRefreshInterval = poll,
            DatabaseOptions = new JournalDatabaseOptions(DatabaseMapping.Default)
            {
                SchemaName = schema,
                JournalTable = Named(JournalTableOptions.Default, JournalTable),
                MetadataTable = Named(MetadataTableOptions.Default, MetadataTable),
                TagTable = Named(TagTableOptions.Default, TagTable),
            },
        };
        var snapshots = new SqlSnapshotOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = provider,
            DataOptions = dataOptions,
            ReadIsolationLevel = reads,
            AutoInitialize = true,
            DatabaseOptions = new SnapshotDatabaseOptions(DatabaseMapping.Default)
            {
                SchemaName = schema,
                SnapshotTable = Named(SnapshotTableOptions.Default, SnapshotTable),
            },
        };
        return (journal, snapshots);
    }

    // WAL is a property of the file (SqliteDatabase sets it); busy_timeout and synchronous are per connection.
    private const string SqlitePragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";

    private static void ConfigureSqlite(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqlitePragmas;
        command.ExecuteNonQuery();
    }

    private static async Task ConfigureSqliteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SqlitePragmas;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static JournalTableOptions Named(JournalTableOptions options, string table)
    {
        options.TableName = table;
        return options;
    }

    private static MetadataTableOptions Named(MetadataTableOptions options, string table)
    {
        options.TableName = table;
        return options;
    }

    private static TagTableOptions Named(TagTableOptions options, string table)
    {
        options.TableName = table;
        return options;
    }

    private static SnapshotTableOptions Named(SnapshotTableOptions options, string table)
    {
        options.TableName = table;
        return options;
    }
}
