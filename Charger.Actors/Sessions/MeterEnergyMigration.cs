using Charger.Actors.Sessions.Postgres;
using Charger.Actors.Sessions.Sqlite;

namespace Charger.Actors.Sessions;

/// <summary>
/// The session tables' energy columns (issue 20): the meter's import register at the start and the stop (Wh), the
/// energy between them (kWh, null until both are known) and whether the meter was down during the charge. One step for
/// each dialect, appended to <see cref="SqliteSchema"/> and <see cref="PostgresSchema"/> by version number: kept here, in
/// one place, so renumbering it against another feature's step is one edit of the number each schema passes.
/// Rows of the previous release get nulls and false: they had no meter.
/// </summary>
public static class MeterEnergyMigration
{
    public const string Description = "session meter energy";

    public static SqliteMigration Sqlite(int version) => new(version, Description, """
        ALTER TABLE sessions ADD COLUMN meter_start_wh REAL;
        ALTER TABLE sessions ADD COLUMN meter_stop_wh REAL;
        ALTER TABLE sessions ADD COLUMN energy_kwh REAL;
        ALTER TABLE sessions ADD COLUMN meter_down_during_charge INTEGER NOT NULL DEFAULT 0 CHECK (meter_down_during_charge IN (0, 1));
        """);

    public static PostgresMigration Postgres(int version) => new(version, Description, """
        ALTER TABLE charger.sessions
            ADD COLUMN meter_start_wh double precision,
            ADD COLUMN meter_stop_wh double precision,
            ADD COLUMN energy_kwh double precision,
            ADD COLUMN meter_down_during_charge boolean NOT NULL DEFAULT false;
        """);
}
