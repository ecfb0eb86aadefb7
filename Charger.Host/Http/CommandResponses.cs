using Charger.Actors.Charging;
using Charger.Actors.Subscribers;

namespace Charger.Host.Http;

/// <summary>
/// A command's typed result as HTTP. A refusal because of the charger's state is 400 on the
/// predecessor's routes (its clients expect that) and 409 Conflict under <c>/api/chargers/{id}</c>;
/// a link that is down, or a start the session journal could not record first, is 503; a timeout is 504 and means "unknown whether it ran".
/// With OCPP a start the central system refused is 403, one it could not be asked about (and the cache did not allow) 503,
/// and one on a charger it made Inoperative 409.
/// </summary>
public static class CommandResponses
{
    public static IResult From(CommandResult result, bool legacyRoute, TimeProvider time) => result switch
    {
        CommandResult.Accepted or CommandResult.Confirmed => ApiResponse.Ok(SuccessMessage(result), SuccessData(result), time),
        CommandResult.Rejected { StateCode: { } state } r => ApiResponse.Error(legacyRoute ? 400 : 409, ErrorCodes.WrongState, r.Reason, time,
            new { state, state_name = ChargerEventJson.NameOf(state) }),
        CommandResult.Rejected r => ApiResponse.Error(legacyRoute ? 400 : 409, ErrorCodes.CommandRejected, r.Reason, time),
        CommandResult.LinkDown l => ApiResponse.Error(503, ErrorCodes.LinkDown, $"The charger's ESP32 link is down: {l.Reason}", time),
        CommandResult.TimedOut t => ApiResponse.Error(504, ErrorCodes.CommandTimeout,
            $"No confirmation in time; it is unknown whether the command ran: {t.Reason}", time),
        CommandResult.NotRecorded n => ApiResponse.Error(503, ErrorCodes.JournalUnavailable,
            $"The start was not sent: the session journal could not record it first ({n.Reason}).", time),
        CommandResult.NotAuthorized n => ApiResponse.Error(403, ErrorCodes.OcppNotAuthorized, $"The start was not sent: {n.Reason}.", time,
            new { id_tag_status = n.Status }),
        CommandResult.AuthorizationUnavailable a => ApiResponse.Error(503, ErrorCodes.OcppAuthorizationUnavailable, $"The start was not sent: {a.Reason}.", time),
        CommandResult.Unavailable u => ApiResponse.Error(409, ErrorCodes.ChargerUnavailable, $"The start was not sent: {u.Reason}.", time),
        CommandResult.BudgetRefused { Budget: { } budget } b => ApiResponse.Error(409, ErrorCodes.SiteBudgetExhausted,
            $"The start was not sent: {b.Reason}.", time, SiteBudgetData.From(budget)),
        CommandResult.BudgetRefused b => ApiResponse.Error(503, ErrorCodes.SiteBudgetUnavailable, $"The start was not sent: {b.Reason}.", time),
        _ => ApiResponse.Error(500, ErrorCodes.InternalError, "Unexpected command result.", time),
    };

    /// <summary>The name the audit log and metrics use for a command.</summary>
    public static string NameOf(ChargerCommand command) => command switch
    {
        StartCharging => "start",
        StopCharging => "stop",
        SetMaxCurrent => "max-current",
        _ => command.GetType().Name,
    };

    public static string Outcome(CommandResult result) => result switch
    {
        CommandResult.Accepted => "accepted",
        CommandResult.Confirmed => "confirmed",
        CommandResult.Rejected => "rejected",
        CommandResult.LinkDown => "link-down",
        CommandResult.TimedOut => "timeout",
        CommandResult.NotRecorded => "not-recorded",
        CommandResult.NotAuthorized => "not-authorized",
        CommandResult.AuthorizationUnavailable => "authorization-unavailable",
        CommandResult.Unavailable => "unavailable",
        CommandResult.BudgetRefused => "over-budget",
        _ => "unknown",
    };

    private static string SuccessMessage(CommandResult result) => result.Command switch
    {
        StartCharging => "Charge start command accepted",
        StopCharging => "Charge stop command confirmed",
        SetMaxCurrent m => $"Maximum current set to {m.Amps} A",
        _ => "Command accepted",
    };

    private static object SuccessData(CommandResult result) => result.Command switch
    {
        StartCharging s => new { command = "authorization", user_id = s.UserId },
        StopCharging => new
        {
            command = "charge_stop",
            state = (result as CommandResult.Confirmed)?.Status.StateCode,
            state_name = ChargerEventJson.NameOf((result as CommandResult.Confirmed)?.Status.StateCode),
        },
        SetMaxCurrent m => new { amperage = m.Amps, command = "current_set" },
        _ => new { },
    };
}
