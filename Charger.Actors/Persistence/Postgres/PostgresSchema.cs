namespace Charger.Actors.Persistence.Postgres;

/// <summary>
/// Charger's tables in PostgreSQL, all in the schema <c>charger</c>, as an ordered list of migrations;
/// <c>charger.schema_version</c> holds one row per applied step. Later features append their steps here.
/// </summary>
/// <remarks>
/// <c>journal.ordering</c> is an identity column: never reused. Because journal appends are serialized by
/// an advisory lock (<see cref="PostgresJournal"/>), orderings also commit in order, so a projection that
/// reads <c>ordering &gt; last seen</c> never skips an event that commits late. Timestamps are
/// <c>timestamptz</c>, which keeps microseconds (a .NET tick is 0.1 µs).
/// </remarks>
public static class PostgresSchema
{
    public const string Name = "charger";

    public static IReadOnlyList<PostgresMigration> Migrations { get; } =
    [
        new(1, "event journal", """
            CREATE TABLE charger.journal (
                ordering       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                persistence_id text        NOT NULL,
                sequence_nr    bigint      NOT NULL,
                manifest       text        NOT NULL,
                schema_version integer     NOT NULL,
                payload        text        NOT NULL,
                "timestamp"    timestamptz NOT NULL,
                CONSTRAINT journal_persistence_id_sequence_nr_key UNIQUE (persistence_id, sequence_nr)
            );
            CREATE TABLE charger.journal_metadata (
                persistence_id      text   PRIMARY KEY,
                highest_sequence_nr bigint NOT NULL
            );
            """),
        new(2, "snapshots", """
            CREATE TABLE charger.snapshots (
                persistence_id text        NOT NULL,
                sequence_nr    bigint      NOT NULL,
                manifest       text        NOT NULL,
                schema_version integer     NOT NULL,
                payload        text        NOT NULL,
                "timestamp"    timestamptz NOT NULL,
                PRIMARY KEY (persistence_id, sequence_nr)
            );
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;
}
