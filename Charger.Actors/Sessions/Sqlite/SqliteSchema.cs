namespace Charger.Actors.Sessions.Sqlite;

/// <summary>
/// The schema of our tables in <c>charger.db</c> (Akka.Persistence.Sql creates and owns its <c>akka_*</c> tables) as an ordered list of migrations; the file's <c>PRAGMA user_version</c>
/// says how many have been applied. Later features (e.g. a sessions query table) append their steps here,
/// so there is one version number for the whole file.
/// </summary>
/// <remarks>
/// Tables are STRICT (types are enforced). Timestamps are UTC ISO 8601 text with 7 fractional digits
/// (<see cref="SqliteTimestamp"/>): exact to the tick, readable in the sqlite3 shell, and they sort.
/// <c>journal.ordering</c> is AUTOINCREMENT so an ordering is never reused after deletes: projections
/// reading <c>ordering &gt; last seen</c> cannot miss or repeat an event. <c>journal_metadata</c> keeps the
/// highest sequence number of an id whose entries were deleted.
/// </remarks>
public static class SqliteSchema
{
    public static IReadOnlyList<SqliteMigration> Migrations { get; } =
    [
        new(1, "event journal", """
            CREATE TABLE journal (
                ordering       INTEGER PRIMARY KEY AUTOINCREMENT,
                persistence_id TEXT    NOT NULL,
                sequence_nr    INTEGER NOT NULL,
                manifest       TEXT    NOT NULL,
                schema_version INTEGER NOT NULL,
                payload        TEXT    NOT NULL,
                timestamp      TEXT    NOT NULL,
                UNIQUE (persistence_id, sequence_nr)
            ) STRICT;
            CREATE TABLE journal_metadata (
                persistence_id      TEXT    NOT NULL PRIMARY KEY,
                highest_sequence_nr INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;
            """),
        new(2, "snapshots", """
            CREATE TABLE snapshots (
                persistence_id TEXT    NOT NULL,
                sequence_nr    INTEGER NOT NULL,
                manifest       TEXT    NOT NULL,
                schema_version INTEGER NOT NULL,
                payload        TEXT    NOT NULL,
                timestamp      TEXT    NOT NULL,
                PRIMARY KEY (persistence_id, sequence_nr)
            ) STRICT, WITHOUT ROWID;
            """),
        // Kept by Sessions.Sqlite.SqliteSessionTables in the transaction of each session journal append.
        // The indexes serve a page of a charger's sessions newest first, optionally by status or user, as a
        // range scan; end_time serves retention.
        new(3, "session query tables", """
            CREATE TABLE sessions (
                session_id    TEXT    NOT NULL PRIMARY KEY,
                charger_id    TEXT    NOT NULL,
                user_id       TEXT,
                status        TEXT    NOT NULL CHECK (status IN ('ACTIVE', 'COMPLETED', 'CANCELLED', 'FAULTED')),
                start_time    TEXT    NOT NULL,
                end_time      TEXT,
                start_state   INTEGER NOT NULL,
                end_state     INTEGER,
                end_reason    TEXT,
                last_state    INTEGER NOT NULL,
                event_count   INTEGER NOT NULL DEFAULT 0,
                link_degraded TEXT    NOT NULL DEFAULT '[]'
            ) STRICT;
            CREATE INDEX sessions_by_charger ON sessions (charger_id, start_time DESC, session_id DESC);
            CREATE INDEX sessions_by_charger_status ON sessions (charger_id, status, start_time DESC, session_id DESC);
            CREATE INDEX sessions_by_charger_user ON sessions (charger_id, user_id, start_time DESC, session_id DESC);
            CREATE INDEX sessions_by_end ON sessions (end_time) WHERE end_time IS NOT NULL;
            CREATE TABLE session_events (
                session_id TEXT    NOT NULL REFERENCES sessions (session_id) ON DELETE CASCADE,
                position   INTEGER NOT NULL,
                event_type TEXT    NOT NULL,
                timestamp  TEXT    NOT NULL,
                from_state INTEGER,
                to_state   INTEGER,
                message    TEXT,
                PRIMARY KEY (session_id, position)
            ) STRICT, WITHOUT ROWID;
            """),
        // A list's total and the stats counted 100,000 index entries per request (30 ms, bench/RESULTS.md
        // "Sessions"); triggers keep the counts on every path that changes sessions: the journal hook,
        // retention and import alike.
        new(4, "session counts", """
            CREATE TABLE session_counts (
                charger_id TEXT    NOT NULL,
                status     TEXT    NOT NULL,
                n          INTEGER NOT NULL,
                PRIMARY KEY (charger_id, status)
            ) STRICT, WITHOUT ROWID;
            INSERT INTO session_counts (charger_id, status, n)
                SELECT charger_id, status, count(*) FROM sessions GROUP BY charger_id, status;
            CREATE TRIGGER session_counts_on_insert AFTER INSERT ON sessions BEGIN
                INSERT INTO session_counts (charger_id, status, n) VALUES (NEW.charger_id, NEW.status, 1)
                    ON CONFLICT (charger_id, status) DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER session_counts_on_delete AFTER DELETE ON sessions BEGIN
                UPDATE session_counts SET n = n - 1 WHERE charger_id = OLD.charger_id AND status = OLD.status;
            END;
            CREATE TRIGGER session_counts_on_update AFTER UPDATE OF charger_id, status ON sessions
                WHEN OLD.charger_id IS NOT NEW.charger_id OR OLD.status IS NOT NEW.status BEGIN
                UPDATE session_counts SET n = n - 1 WHERE charger_id = OLD.charger_id AND status = OLD.status;
                INSERT INTO session_counts (charger_id, status, n) VALUES (NEW.charger_id, NEW.status, 1)
                    ON CONFLICT (charger_id, status) DO UPDATE SET n = n + 1;
            END;
            """),
        // A page filtered by status and user scanned every session of that user and dropped the other
        // statuses; with both equalities in the index it is a range scan like the other filters (and its
        // count a covering one). EXPLAIN QUERY PLAN picks it for (charger, user, status) and keeps
        // sessions_by_charger_user for a user alone, whose ORDER BY this index cannot serve.
        new(5, "session index by charger, user and status", """
            CREATE INDEX sessions_by_charger_user_status ON sessions (charger_id, user_id, status, start_time DESC, session_id DESC);
            """),
        // The journal moved to Akka.Persistence.Sql (its akka_* tables, created by Akka); the session tables became
        // a projection of it, which stores how far it has read here, in the transaction of the rows it writes.
        // The previous release's journal, journal_metadata and snapshots tables stay until LegacyJournalMigration
        // has moved their events into Akka's journal; it then drops them (the copy made before this step keeps them).
        new(6, "session projection offset", """
            CREATE TABLE projection_offsets (
                name     TEXT    NOT NULL PRIMARY KEY,
                ordering INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;
            """),
        // Issue 20: the meter's energy per session (its own file, so its number is one edit at a merge).
        MeterEnergyMigration.Sqlite(7),
        // Issue 15: the session's OCPP transaction id (its own file, like the step before).
        OcppTransactionMigration.Sqlite(8),
    ];

    /// <summary>The first version whose journal is Akka's: a file below it (and above 0) is copied before it is migrated.</summary>
    public const int AkkaJournalVersion = 6;

    /// <summary>The <c>user_version</c> of a fully migrated file.</summary>
    public static int LatestVersion => Migrations[^1].Version;
}
