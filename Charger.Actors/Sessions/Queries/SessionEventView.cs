namespace Charger.Actors.Sessions.Queries;

/// <summary>
/// One entry of a session's history: a charger event it recorded, or the start or end of a link outage
/// (<see cref="LinkDown"/>, <see cref="LinkUp"/>).
/// </summary>
/// <param name="Position">1, 2, 3... within the session.</param>
/// <param name="Type">The charger event type (<c>ChargeStarted</c>...), or <see cref="LinkDown"/>/<see cref="LinkUp"/>.</param>
public sealed record SessionEventView(int Position, string Type, DateTimeOffset At, int? FromState, int? ToState, string? Message)
{
    public const string LinkDown = "LinkDown";
    public const string LinkUp = "LinkUp";

    /// <summary>The meter was down or had no fresh reading during the charge (its message says which).</summary>
    public const string MeterDown = "MeterDown";
}
