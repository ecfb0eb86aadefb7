namespace Charger.Actors.Sessions;

/// <summary>
/// The database was written by a newer Charger: its schema version is above the last migration this
/// build knows. Opening it anyway could corrupt data, so the store refuses; upgrade Charger or restore a backup.
/// </summary>
public sealed class UnsupportedSchemaVersionException(string database, int found, int supported)
    : Exception($"{database} has schema version {found}, newer than the {supported} this Charger supports; upgrade Charger or restore a backup.")
{
    public int Found { get; } = found;

    public int Supported { get; } = supported;
}
