using Charger.Actors.Sessions.Postgres;
using Charger.Actors.Sessions.Sqlite;

namespace Charger.Actors.Sessions;

/// <summary>
/// The session tables' OCPP transaction id (issue 15): the central system's transactionId of the session's OCPP
/// transaction, null without OCPP or until its StartTransaction.conf arrived. One step for each dialect, appended to
/// <see cref="SqliteSchema"/> and <see cref="PostgresSchema"/> by version number (kept here, so renumbering it against
/// another feature's step is one edit of the number each schema passes). Rows of the previous release read null.
/// </summary>
public static class OcppTransactionMigration
{
    public const string Description = "session OCPP transaction id";

    public static SqliteMigration Sqlite(int version) => new(version, Description, """
        ALTER TABLE sessions ADD COLUMN ocpp_transaction_id INTEGER;
        """);

    public static PostgresMigration Postgres(int version) => new(version, Description, """
        ALTER TABLE charger.sessions ADD COLUMN ocpp_transaction_id integer;
        """);
}
