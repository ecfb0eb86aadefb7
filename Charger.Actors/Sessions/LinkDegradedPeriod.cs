namespace Charger.Actors.Sessions;

/// <summary>A time during a session when the link was down; <see cref="Until"/> is null while it still is.</summary>
public sealed record LinkDegradedPeriod(DateTimeOffset From, DateTimeOffset? Until, string? Reason);
