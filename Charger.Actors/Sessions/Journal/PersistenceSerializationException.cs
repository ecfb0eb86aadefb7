namespace Charger.Actors.Sessions.Journal;

/// <summary>
/// An event or snapshot could not be turned into JSON or back: an unregistered type, an unknown
/// manifest, a version without an upcaster, or a payload that does not match its type.
/// </summary>
public sealed class PersistenceSerializationException(string message, Exception? inner = null) : Exception(message, inner);
