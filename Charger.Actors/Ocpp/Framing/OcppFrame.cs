using System.Text.Json.Nodes;

namespace Charger.Actors.Ocpp.Framing;

/// <summary>One OCPP-J message: a JSON array whose first element is the message type (2 CALL, 3 CALLRESULT, 4 CALLERROR).</summary>
public abstract record OcppFrame(string MessageId)
{
    /// <summary>The longest message id OCPP-J allows (a CiString36).</summary>
    public const int MaxMessageIdLength = 36;

    public const int CallType = 2;
    public const int CallResultType = 3;
    public const int CallErrorType = 4;

    /// <summary>A new message id: a GUID, 36 characters, unique for the lifetime of any connection.</summary>
    public static string NewMessageId() => Guid.NewGuid().ToString("D");

    public abstract JsonArray ToJson();

    public string ToText() => ToJson().ToJsonString();
}

/// <summary>[2, messageId, action, payload]: a request.</summary>
public sealed record OcppCall(string MessageId, string Action, JsonObject Payload) : OcppFrame(MessageId)
{
    public override JsonArray ToJson() => [CallType, MessageId, Action, Payload.DeepClone()];
}

/// <summary>[3, messageId, payload]: the answer to a CALL.</summary>
public sealed record OcppCallResult(string MessageId, JsonObject Payload) : OcppFrame(MessageId)
{
    public override JsonArray ToJson() => [CallResultType, MessageId, Payload.DeepClone()];
}

/// <summary>[4, messageId, errorCode, errorDescription, errorDetails]: a CALL that could not be handled.</summary>
public sealed record OcppCallError(string MessageId, string ErrorCode, string ErrorDescription, JsonObject? ErrorDetails = null) : OcppFrame(MessageId)
{
    /// <summary>OCPP-J leaves the description's length open; peers' schemas often stop at 255.</summary>
    public const int MaxDescriptionLength = 255;

    public override JsonArray ToJson() =>
    [
        CallErrorType, MessageId, ErrorCode,
        ErrorDescription.Length > MaxDescriptionLength ? ErrorDescription[..MaxDescriptionLength] : ErrorDescription,
        (JsonNode?)ErrorDetails?.DeepClone() ?? new JsonObject(),
    ];
}
