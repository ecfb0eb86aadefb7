namespace Charger.Actors.Sessions.Journal;

/// <summary>An event or snapshot as a store keeps it: JSON text with its type manifest and schema version.</summary>
public readonly record struct SerializedPayload(string Manifest, int SchemaVersion, string Payload);
