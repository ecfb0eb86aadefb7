namespace Charger.Actors.Sessions.Import;

/// <summary>What an import did: counts, and for every session left out, why.</summary>
/// <param name="Imported">Sessions written to the journal (and so to the session tables) by this run.</param>
/// <param name="AlreadyPresent">Sessions an earlier import of the same charger already wrote.</param>
/// <param name="ImportedEvents">The history entries of the imported sessions (<c>Sources.Distinct</c>).</param>
/// <param name="Skipped">Session id and reason for each row not imported.</param>
/// <param name="Sources">Where the imported sessions' events were found, and how many were in both places.</param>
/// <param name="Notes">Session id and note for each imported session the operator should know something about.</param>
public sealed record ImportReport(int Imported, int AlreadyPresent, int ImportedEvents, IReadOnlyList<(string SessionId, string Reason)> Skipped,
    EventSources Sources, IReadOnlyList<(string SessionId, string Note)> Notes);
