namespace Charger.Actors.Persistence;

/// <summary>
/// One persisted event as a store keeps it: the event as JSON with a type manifest and a schema
/// version, so events written by an older version stay readable after the type changes.
/// </summary>
/// <param name="PersistenceId">The actor's stable identity, e.g. <c>sessions-cp-1</c>.</param>
/// <param name="SequenceNr">1, 2, 3... per persistence id, without gaps.</param>
/// <param name="Manifest">The event's type name as written (never a CLR assembly-qualified name).</param>
/// <param name="SchemaVersion">The manifest's version, for upcasting old events.</param>
/// <param name="Payload">The event as JSON text.</param>
/// <param name="Timestamp">When it was persisted.</param>
/// <param name="Ordering">The store's global order across persistence ids (assigned on write; 0 before).</param>
public sealed record JournalEntry(
    string PersistenceId,
    long SequenceNr,
    string Manifest,
    int SchemaVersion,
    string Payload,
    DateTimeOffset Timestamp,
    long Ordering = 0);
