namespace Charger.Actors.Sessions.Queries;

/// <summary>A page of a session list and how many sessions match the filter in all.</summary>
public sealed record SessionPage(IReadOnlyList<SessionSummary> Sessions, long TotalCount);
