namespace Charger.Actors.Sessions.Import;

/// <summary>The file is missing, not SQLite, or lacks the predecessor's session tables: nothing was read or written.</summary>
public sealed class NotAPredecessorDatabaseException(string message, Exception? inner = null) : Exception(message, inner);
