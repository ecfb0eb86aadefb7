namespace Charger.Actors.Sessions.Import;

/// <summary>What an import did: counts, and for every session left out, why.</summary>
/// <param name="Imported">Sessions written to the journal (and so to the session tables) by this run.</param>
/// <param name="AlreadyPresent">Sessions an earlier import of the same charger already wrote.</param>
/// <param name="ImportedEvents">The history entries of the imported sessions.</param>
/// <param name="Skipped">Session id and reason for each row not imported.</param>
public sealed record ImportReport(int Imported, int AlreadyPresent, int ImportedEvents, IReadOnlyList<(string SessionId, string Reason)> Skipped);
