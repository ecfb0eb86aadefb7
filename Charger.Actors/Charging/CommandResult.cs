namespace Charger.Actors.Charging;

/// <summary>The outcome of a <see cref="ChargerCommand"/>. Exactly one is sent to the command's sender.</summary>
public abstract record CommandResult(ChargerCommand Command)
{
    /// <summary>The firmware acknowledged the command with STATUS=OK.</summary>
    public sealed record Accepted(ChargerCommand Command) : CommandResult(Command);

    /// <summary>A status received after the command shows its effect (stop: state 7 or 1).</summary>
    public sealed record Confirmed(ChargerCommand Command, ChargerStatus Status) : CommandResult(Command);

    /// <summary>Not sent, or refused by the firmware: nothing happened. The state (if known) says why.</summary>
    public sealed record Rejected(ChargerCommand Command, string Reason, int? StateCode) : CommandResult(Command);

    /// <summary>Not sent: the link is down. Never queued or retried later.</summary>
    public sealed record LinkDown(ChargerCommand Command, string Reason) : CommandResult(Command);

    /// <summary>Not sent: the start could not be journaled first (write-ahead), so who started it could be lost.</summary>
    public sealed record NotRecorded(ChargerCommand Command, string Reason) : CommandResult(Command);

    /// <summary>Not sent: the central system (OCPP) did not accept the idTag; <paramref name="Status"/> is its idTagInfo status.</summary>
    public sealed record NotAuthorized(ChargerCommand Command, string Status, string Reason) : CommandResult(Command);

    /// <summary>Not sent: the central system could not be asked (offline or no answer) and the authorization cache did not allow it.</summary>
    public sealed record AuthorizationUnavailable(ChargerCommand Command, string Reason) : CommandResult(Command);

    /// <summary>Not sent: the central system made the charger unavailable (ChangeAvailability Inoperative).</summary>
    public sealed record Unavailable(ChargerCommand Command, string Reason) : CommandResult(Command);

    /// <summary>
    /// Not sent: the site budget did not admit the start. <paramref name="Budget"/> is the budget as it refused (too
    /// little left for a charge), or null when no budget could decide (re-learning, or not reachable in time).
    /// </summary>
    public sealed record BudgetRefused(ChargerCommand Command, string Reason, Budget.SiteBudgetActor.BudgetView? Budget) : CommandResult(Command);

    /// <summary>Sent, but neither acknowledged nor confirmed in time: it may or may not have run.</summary>
    public sealed record TimedOut(ChargerCommand Command, string Reason) : CommandResult(Command);
}
