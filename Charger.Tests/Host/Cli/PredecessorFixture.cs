using Microsoft.Data.Sqlite;

namespace Charger.Tests.Host.Cli;

/// <summary>A <c>sessions.db</c> with the predecessor's exact schema (PREDECESSOR.md 4.3), filled with rows the way it wrote them.</summary>
public static class PredecessorFixture
{
    public const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA foreign_keys = ON;
        CREATE TABLE sessions (
            session_id TEXT PRIMARY KEY,
            user_id TEXT,
            start_time INTEGER NOT NULL,
            end_time INTEGER,
            start_state INTEGER NOT NULL CHECK (start_state >= 0 AND start_state <= 8),
            end_state INTEGER CHECK (end_state IS NULL OR (end_state >= 0 AND end_state <= 8)),
            status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'COMPLETED', 'CANCELLED', 'FAULTED')),
            duration_seconds INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
            charging_duration_seconds INTEGER CHECK (charging_duration_seconds IS NULL OR charging_duration_seconds >= 0),
            idle_duration_seconds INTEGER CHECK (idle_duration_seconds IS NULL OR idle_duration_seconds >= 0),
            total_energy_kwh REAL CHECK (total_energy_kwh IS NULL OR total_energy_kwh >= 0),
            start_energy_kwh REAL CHECK (start_energy_kwh IS NULL OR start_energy_kwh >= 0),
            end_energy_kwh REAL CHECK (end_energy_kwh IS NULL OR end_energy_kwh >= 0),
            max_power_kw REAL CHECK (max_power_kw IS NULL OR max_power_kw >= 0),
            avg_power_kw REAL CHECK (avg_power_kw IS NULL OR avg_power_kw >= 0),
            min_power_kw REAL CHECK (min_power_kw IS NULL OR min_power_kw >= 0),
            max_current_a REAL CHECK (max_current_a IS NULL OR max_current_a >= 0),
            avg_current_a REAL CHECK (avg_current_a IS NULL OR avg_current_a >= 0),
            min_current_a REAL CHECK (min_current_a IS NULL OR min_current_a >= 0),
            set_current_a REAL CHECK (set_current_a IS NULL OR set_current_a >= 0),
            max_voltage_v REAL CHECK (max_voltage_v IS NULL OR max_voltage_v >= 0),
            avg_voltage_v REAL CHECK (avg_voltage_v IS NULL OR avg_voltage_v >= 0),
            min_voltage_v REAL CHECK (min_voltage_v IS NULL OR min_voltage_v >= 0),
            event_count INTEGER DEFAULT 0 CHECK (event_count >= 0),
            events TEXT NOT NULL DEFAULT '[]',
            metadata TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE session_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL,
            user_id TEXT,
            event_type TEXT NOT NULL,
            event_timestamp INTEGER NOT NULL,
            from_state INTEGER,
            to_state INTEGER,
            from_state_name TEXT,
            to_state_name TEXT,
            current_a REAL,
            voltage_v REAL,
            power_kw REAL,
            event_data TEXT,
            status_data TEXT,
            created_at INTEGER NOT NULL,
            FOREIGN KEY (session_id) REFERENCES sessions (session_id) ON DELETE CASCADE
        );
        CREATE INDEX idx_sessions_start_time ON sessions (start_time DESC);
        CREATE INDEX idx_sessions_status ON sessions (status);
        CREATE INDEX idx_sessions_end_time ON sessions (end_time DESC);
        CREATE INDEX idx_sessions_status_start_time ON sessions (status, start_time DESC);
        CREATE INDEX idx_sessions_status_end_time ON sessions (status, end_time DESC);
        CREATE INDEX idx_sessions_user_id ON sessions (user_id);
        CREATE INDEX idx_sessions_user_start_time ON sessions (user_id, start_time DESC);
        CREATE INDEX idx_sessions_user_status_start_time ON sessions (user_id, status, start_time DESC);
        CREATE INDEX idx_sessions_active ON sessions (status, end_time, start_time DESC) WHERE end_time IS NULL;
        CREATE INDEX idx_session_events_session_id ON session_events (session_id);
        CREATE INDEX idx_session_events_event_type ON session_events (event_type);
        CREATE INDEX idx_session_events_timestamp ON session_events (event_timestamp DESC);
        CREATE INDEX idx_session_events_session_timestamp ON session_events (session_id, event_timestamp DESC);
        CREATE INDEX idx_session_events_session_type ON session_events (session_id, event_type);
        CREATE INDEX idx_session_events_user_id ON session_events (user_id);
        CREATE INDEX idx_session_events_user_timestamp ON session_events (user_id, event_timestamp DESC);
        """;

    public static SqliteConnection Create(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, Schema);
        return connection;
    }

    /// <summary>A session row with the predecessor's meaningless metrics filled in (20 A x 1847 "V" = 36.9 kW).</summary>
    public static void AddSession(SqliteConnection connection, string id, string? user, long start, long? end, int startState, int? endState, string status,
        string eventsJson = "[]")
    {
        Execute(connection, """
            INSERT INTO sessions (session_id, user_id, start_time, end_time, start_state, end_state, status, duration_seconds,
                                  total_energy_kwh, max_power_kw, avg_power_kw, max_current_a, max_voltage_v, events, metadata, created_at, updated_at)
            VALUES ($id, $user, $start, $end, $startState, $endState, $status, $duration, 12.3, 36.94, 36.9, 20, 1847, $events,
                    '{"user_id": "x", "_metrics_currents": [20]}', $start, coalesce($end, $start));
            """, ("$id", id), ("$user", user), ("$start", start), ("$end", end), ("$startState", startState), ("$endState", endState),
            ("$status", status), ("$duration", end - start), ("$events", eventsJson));
    }

    public static void AddEvent(SqliteConnection connection, string sessionId, string type, long at, int from, int to)
    {
        Execute(connection, """
            INSERT INTO session_events (session_id, user_id, event_type, event_timestamp, from_state, to_state, from_state_name, to_state_name,
                                        current_a, voltage_v, power_kw, event_data, status_data, created_at)
            VALUES ($id, NULL, $type, $at, $from, $to, 'X', 'Y', 20, 1847, 36.94, '{}', '{"CABLE": 20, "CPV": 1847}', $at);
            UPDATE sessions SET event_count = event_count + 1 WHERE session_id = $id;
            """, ("$id", sessionId), ("$type", type), ("$at", at), ("$from", from), ("$to", to));
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }
}
