namespace Charger.Actors.Sessions.Postgres;

/// <summary>One step of the PostgreSQL schema, recorded in <c>charger.schema_version</c> once applied.</summary>
/// <param name="Version">1, 2, 3... without gaps.</param>
/// <param name="Description">What the step adds; stored next to the version.</param>
/// <param name="Sql">The statements, with tables qualified by the <c>charger</c> schema. Never edit a released step: add a new one.</param>
public sealed record PostgresMigration(int Version, string Description, string Sql);
