namespace Charger.Actors.Sessions.Postgres;

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
        // Kept by Sessions.Postgres.PostgresSessionTables in the transaction of each session journal append;
        // the same tables as SQLite's steps 3 to 5 in one step. Ids and status are COLLATE "C": compared and
        // ordered bytewise as in SQLite whatever the database's locale, and cheaper to index. The indexes
        // serve a page of a charger's sessions newest first, optionally by status, user or both, as a range
        // scan; end_time serves retention. session_counts, kept by a trigger on every path that changes
        // sessions, answers totals and stats without counting the index.
        new(3, "session query tables", """
            CREATE TABLE charger.sessions (
                session_id    text COLLATE "C" NOT NULL PRIMARY KEY,
                charger_id    text COLLATE "C" NOT NULL,
                user_id       text COLLATE "C",
                status        text COLLATE "C" NOT NULL CHECK (status IN ('ACTIVE', 'COMPLETED', 'CANCELLED', 'FAULTED')),
                start_time    timestamptz      NOT NULL,
                end_time      timestamptz,
                start_state   integer          NOT NULL,
                end_state     integer,
                end_reason    text,
                last_state    integer          NOT NULL,
                event_count   integer          NOT NULL DEFAULT 0,
                link_degraded jsonb            NOT NULL DEFAULT '[]'
            );
            CREATE INDEX sessions_by_charger ON charger.sessions (charger_id, start_time DESC, session_id DESC);
            CREATE INDEX sessions_by_charger_status ON charger.sessions (charger_id, status, start_time DESC, session_id DESC);
            CREATE INDEX sessions_by_charger_user ON charger.sessions (charger_id, user_id, start_time DESC, session_id DESC);
            CREATE INDEX sessions_by_charger_user_status ON charger.sessions (charger_id, user_id, status, start_time DESC, session_id DESC);
            CREATE INDEX sessions_by_end ON charger.sessions (end_time) WHERE end_time IS NOT NULL;
            CREATE TABLE charger.session_events (
                session_id text COLLATE "C" NOT NULL REFERENCES charger.sessions (session_id) ON DELETE CASCADE,
                position   integer          NOT NULL,
                event_type text             NOT NULL,
                "timestamp" timestamptz     NOT NULL,
                from_state integer,
                to_state   integer,
                message    text,
                PRIMARY KEY (session_id, position)
            );
            CREATE TABLE charger.session_counts (
                charger_id text COLLATE "C" NOT NULL,
                status     text COLLATE "C" NOT NULL,
                n          bigint           NOT NULL,
                PRIMARY KEY (charger_id, status)
            );
            CREATE FUNCTION charger.session_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    UPDATE charger.session_counts SET n = n - 1 WHERE charger_id = OLD.charger_id AND status = OLD.status;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO charger.session_counts AS c (charger_id, status, n) VALUES (NEW.charger_id, NEW.status, 1)
                        ON CONFLICT (charger_id, status) DO UPDATE SET n = c.n + 1;
                END IF;
                RETURN NULL;
            END;
            $$;
            CREATE TRIGGER session_counts_on_insert_or_delete AFTER INSERT OR DELETE ON charger.sessions
                FOR EACH ROW EXECUTE FUNCTION charger.session_counts_keep();
            CREATE TRIGGER session_counts_on_update AFTER UPDATE OF charger_id, status ON charger.sessions
                FOR EACH ROW WHEN (OLD.charger_id IS DISTINCT FROM NEW.charger_id OR OLD.status IS DISTINCT FROM NEW.status)
                EXECUTE FUNCTION charger.session_counts_keep();
            """),
        // The journal moved to Akka.Persistence.Sql (its akka_* tables in this schema, created by Akka); the session
        // tables became a projection of it, which stores how far it has read here, in the transaction of the rows
        // it writes. LegacyJournalMigration moves the previous release's journal into Akka's and renames its tables
        // legacy_* (kept: PostgreSQL has no file to copy beside).
        new(4, "session projection offset", """
            CREATE TABLE charger.projection_offsets (
                name     text   COLLATE "C" PRIMARY KEY,
                ordering bigint NOT NULL
            );
            """),
        // Issue 20: the meter's energy per session (its own file, so its number is one edit at a merge).
        MeterEnergyMigration.Postgres(5),
        // Issue 15: the session's OCPP transaction id (its own file, like the step before).
        OcppTransactionMigration.Postgres(6),
    ];

    public static int LatestVersion => Migrations[^1].Version;
}
