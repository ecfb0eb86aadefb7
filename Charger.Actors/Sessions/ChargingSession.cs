using System.Collections.Immutable;
using Charger.Actors.Charging;

namespace Charger.Actors.Sessions;

/// <summary>
/// One charging session as its journal events build it. Immutable: <see cref="Apply"/> returns the
/// next version. Energy comes only from the meter's import register (stop minus start); without a meter it stays
/// null: nothing is derived from CPV or CABLE, which are an ADC count and a cable rating (ESP32-FIRMWARE.md).
/// </summary>
public sealed record ChargingSession
{
    public required string SessionId { get; init; }

    public required string ChargerId { get; init; }

    public string? UserId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required int StartState { get; init; }

    public SessionStatus Status { get; init; } = SessionStatus.Active;

    public DateTimeOffset? EndedAt { get; init; }

    public int? EndState { get; init; }

    public string? EndReason { get; init; }

    /// <summary>The last charger state the session saw: what a reconciliation compares the next fresh status with.</summary>
    public required int LastState { get; init; }

    public ImmutableList<SessionEventRecorded> Events { get; init; } = [];

    public ImmutableList<LinkDegradedPeriod> LinkDegraded { get; init; } = [];

    /// <summary>The meter's import register when the count began (Wh), or null (no meter, or none read yet).</summary>
    public double? MeterStartWh { get; init; }

    /// <summary>The register when it ended (Wh): the first reading after the close.</summary>
    public double? MeterStopWh { get; init; }

    /// <summary>The meter was down or without a fresh reading at some point of the charge.</summary>
    public bool MeterDownDuringCharge { get; init; }

    /// <summary>The central system's transactionId of this charge (OCPP); null without OCPP or until StartTransaction.conf.</summary>
    public int? OcppTransactionId { get; init; }

    /// <summary>Stop minus start in kWh; null until both are known, and null if the register went backwards (a meter reset or replaced).</summary>
    public double? EnergyKwh => EnergyOf(MeterStartWh, MeterStopWh);

    /// <summary>Energy in kWh from the two register readings (Wh), as every read side computes it.</summary>
    public static double? EnergyOf(double? startWh, double? stopWh) =>
        startWh is { } start && stopWh is { } stop && stop >= start ? Math.Round((stop - start) / 1000, 6) : null;

    public bool IsOpen => Status == SessionStatus.Active;

    /// <summary>True while the link is down during the session.</summary>
    public bool IsLinkDegraded => LinkDegraded is [.., { Until: null }];

    /// <summary>Seconds from start to end, or to <paramref name="now"/> while open.</summary>
    public double DurationSeconds(DateTimeOffset now) => ((EndedAt ?? now) - StartedAt).TotalSeconds;

    /// <summary>Starts a session from its first event.</summary>
    public static ChargingSession Open(SessionOpened opened) => new()
    {
        SessionId = opened.SessionId,
        ChargerId = opened.ChargerId,
        UserId = opened.UserId,
        StartedAt = opened.At,
        StartState = opened.StartState,
        LastState = opened.StartState,
    };

    /// <summary>The session after <paramref name="evt"/>; an event of another session is a bug, not data.</summary>
    public ChargingSession Apply(ISessionEvent evt)
    {
        if (evt.SessionId != SessionId)
            throw new ArgumentException($"Event of session {evt.SessionId} applied to session {SessionId}.", nameof(evt));
        return evt switch
        {
            SessionEventRecorded r => this with
            {
                Events = Events.Add(r),
                LastState = r.ToState ?? LastState,
            },
            SessionLinkDegraded d => IsLinkDegraded ? this : this with { LinkDegraded = LinkDegraded.Add(new LinkDegradedPeriod(d.At, null, d.Reason)) },
            SessionLinkRestored r => IsLinkDegraded ? this with { LinkDegraded = LinkDegraded.SetItem(LinkDegraded.Count - 1, LinkDegraded[^1] with { Until = r.At }) } : this,
            SessionClosed c => this with
            {
                Status = c.Status,
                EndedAt = c.At,
                EndState = c.EndState,
                EndReason = c.Reason,
                LastState = c.EndState ?? LastState,
                // A session that ends while the link is down ends its degraded period too.
                LinkDegraded = IsLinkDegraded ? LinkDegraded.SetItem(LinkDegraded.Count - 1, LinkDegraded[^1] with { Until = c.At }) : LinkDegraded,
            },
            SessionMeterStarted m => this with { MeterStartWh = m.RegisterWh },
            SessionMeterStopped m => this with { MeterStopWh = m.RegisterWh },
            SessionMeterDown => this with { MeterDownDuringCharge = true },
            SessionOcppTransaction o => this with { OcppTransactionId = o.TransactionId },
            SessionOpened => throw new ArgumentException($"Session {SessionId} is already open.", nameof(evt)),
            _ => throw new ArgumentException($"Unknown session event {evt.GetType().Name}.", nameof(evt)),
        };
    }
}
