namespace Charger.Actors.Ocpp.Framing;

/// <summary>
/// A received text that is not a well-formed OCPP-J message. <see cref="MessageId"/> is set when the id could be read,
/// so the sender can be answered with a CALLERROR of <see cref="ErrorCode"/>; without it there is nothing to answer.
/// </summary>
public sealed class OcppFrameException(string errorCode, string message, string? messageId = null, bool isCall = false) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;

    public string? MessageId { get; } = messageId;

    /// <summary>Only a CALL may be answered; a broken CALLRESULT or CALLERROR is logged and dropped.</summary>
    public bool IsCall { get; } = isCall;
}
