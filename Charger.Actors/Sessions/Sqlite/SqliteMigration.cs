namespace Charger.Actors.Sessions.Sqlite;

/// <summary>One step of the SQLite schema: applied once, in one transaction, when <c>PRAGMA user_version</c> is below <see cref="Version"/>.</summary>
/// <param name="Version">1, 2, 3... without gaps; the database's <c>user_version</c> after this step.</param>
/// <param name="Description">What the step adds, for the log and for readers of the schema.</param>
/// <param name="Sql">The statements. Never edit a released step: add a new one.</param>
public sealed record SqliteMigration(int Version, string Description, string Sql);
