namespace Charger.Actors.Sessions.Queries;

/// <summary>How many sessions a charger has, by status (the predecessor's <c>count/stats</c>).</summary>
public sealed record SessionStats(long Total, long Active, long Completed, long Cancelled, long Faulted);
