namespace Charger.Host.Http;

/// <summary>The stable <c>error_code</c> values. Never renamed: clients branch on them.</summary>
public static class ErrorCodes
{
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Forbidden = "FORBIDDEN";
    public const string RateLimited = "RATE_LIMITED";
    public const string InvalidJson = "INVALID_JSON";
    public const string ValidationFailed = "VALIDATION_FAILED";
    public const string BodyTooLarge = "BODY_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string WrongState = "WRONG_STATE";
    public const string CommandRejected = "COMMAND_REJECTED";
    public const string LinkDown = "LINK_DOWN";
    public const string CommandTimeout = "COMMAND_TIMEOUT";
    public const string JournalUnavailable = "JOURNAL_UNAVAILABLE";
    public const string NoStatus = "NO_STATUS";
    /// <summary>OCPP: the central system answered the start's idTag with a status other than Accepted (named in data.id_tag_status).</summary>
    public const string OcppNotAuthorized = "OCPP_NOT_AUTHORIZED";
    /// <summary>OCPP: the central system could not be asked and the authorization cache did not allow the idTag offline.</summary>
    public const string OcppAuthorizationUnavailable = "OCPP_AUTHORIZATION_UNAVAILABLE";
    /// <summary>OCPP: the central system made the charger unavailable (ChangeAvailability Inoperative).</summary>
    public const string ChargerUnavailable = "CHARGER_UNAVAILABLE";
    public const string UnknownCharger = "UNKNOWN_CHARGER";
    /// <summary>Site cluster: the charger's node is unreachable, gone, or did not answer in time; nothing was queued.</summary>
    public const string NodeUnreachable = "NODE_UNREACHABLE";
    /// <summary>Site budget: what is left of <c>site.max-current-a</c> is less than a charge needs (6 A); nothing was sent.</summary>
    public const string SiteBudgetExhausted = "SITE_BUDGET_EXHAUSTED";
    /// <summary>Site budget: no budget could decide (it is re-learning after moving, or did not answer in time); nothing was sent.</summary>
    public const string SiteBudgetUnavailable = "SITE_BUDGET_UNAVAILABLE";
    public const string NotFound = "NOT_FOUND";
    public const string ShuttingDown = "SHUTTING_DOWN";
    public const string InternalError = "INTERNAL_ERROR";
}
