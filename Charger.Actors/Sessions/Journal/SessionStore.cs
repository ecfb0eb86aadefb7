namespace Charger.Actors.Sessions.Journal;

/// <summary>The database the session journal, its snapshots and the session tables live in (<c>persistence.provider</c>).</summary>
public abstract record SessionStore
{
    /// <summary>One SQLite file (<c>{data-dir}/charger.db</c>): Akka's journal tables next to the session tables.</summary>
    public sealed record Sqlite(string FilePath) : SessionStore
    {
        /// <summary>Microsoft.Data.Sqlite's connection string for Akka's journal (linq2db's <c>SQLiteMS</c> provider).</summary>
        /// <remarks>The file is in WAL mode already (<see cref="Sessions.Sqlite.SqliteDatabase"/> sets it, and it is persistent);
        /// synchronous stays SQLite's default, FULL. A 30 s busy timeout: our projection writes to the same file.</remarks>
        public string ConnectionString => $"Data Source={FilePath};Mode=ReadWrite;Pooling=True;Default Timeout=30";
    }

    /// <summary>A PostgreSQL server; everything in the schema <see cref="Sessions.Postgres.PostgresSchema.Name"/>.</summary>
    public sealed record Postgres(string ConnectionString) : SessionStore
    {
        public override string ToString() => "Postgres { ConnectionString = (not shown: it may hold the password) }";
    }
}
