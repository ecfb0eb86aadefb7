namespace Charger.Actors.Sessions.Queries;

/// <summary>One session as the read side keeps it (without its events; see <see cref="ISessionQueries.EventsAsync"/>).</summary>
/// <param name="EventCount">How many events the session has recorded (link periods included).</param>
/// <param name="LinkDegraded">When the link was down during it; the last one has no end while it still is.</param>
public sealed record SessionSummary(
    string SessionId,
    string ChargerId,
    string? UserId,
    SessionStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int StartState,
    int? EndState,
    string? EndReason,
    int EventCount,
    IReadOnlyList<LinkDegradedPeriod> LinkDegraded)
{
    /// <summary>The meter's import register at the start (Wh); null without a meter.</summary>
    public double? MeterStartWh { get; init; }

    /// <summary>The register at the stop (the first reading after it), Wh.</summary>
    public double? MeterStopWh { get; init; }

    /// <summary>Stop minus start in kWh, from the meter's register only (nothing is derived from CPV or CABLE); null until both are known.</summary>
    public double? EnergyKwh { get; init; }

    /// <summary>The meter was down or had no fresh reading at some point of the charge.</summary>
    public bool MeterDownDuringCharge { get; init; }

    /// <summary>The central system's transactionId of the session's OCPP transaction (<see cref="OcppTransactionMigration"/>); null without.</summary>
    public int? OcppTransactionId { get; init; }

    public double DurationSeconds(DateTimeOffset now) => ((EndedAt ?? now) - StartedAt).TotalSeconds;
}
