using System.Text.Json;
using System.Text.Json.Nodes;

namespace Charger.Actors.Ocpp.Framing;

/// <summary>Reads one OCPP-J message from a WebSocket text frame, per OCPP-J 1.6 section 4.</summary>
public static class OcppFrameParser
{
    /// <exception cref="OcppFrameException">The text is not a well-formed CALL, CALLRESULT or CALLERROR.</exception>
    public static OcppFrame Parse(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new OcppFrameException(OcppErrorCode.FormationViolation, $"not JSON: {e.Message}");
        }
        if (node is not JsonArray array || array.Count < 3)
            throw new OcppFrameException(OcppErrorCode.FormationViolation, "an OCPP-J message is a JSON array of at least 3 elements");
        if (!TryInt(array[0], out var type))
            throw new OcppFrameException(OcppErrorCode.FormationViolation, "the message type (first element) must be a number");
        if (array[1] is not JsonValue idValue || !idValue.TryGetValue<string>(out var id) || id.Length == 0)
            throw new OcppFrameException(OcppErrorCode.FormationViolation, "the message id (second element) must be a non-empty string");
        var isCall = type == OcppFrame.CallType;
        if (id.Length > OcppFrame.MaxMessageIdLength)
            throw new OcppFrameException(OcppErrorCode.FormationViolation, $"the message id is longer than {OcppFrame.MaxMessageIdLength} characters", id, isCall);
        switch (type)
        {
            case OcppFrame.CallType:
                if (array.Count != 4)
                    throw new OcppFrameException(OcppErrorCode.FormationViolation, "a CALL is [2, messageId, action, payload]", id, true);
                if (array[2] is not JsonValue actionValue || !actionValue.TryGetValue<string>(out var action) || action.Length == 0)
                    throw new OcppFrameException(OcppErrorCode.FormationViolation, "a CALL's action must be a non-empty string", id, true);
                if (array[3] is not JsonObject payload)
                    throw new OcppFrameException(OcppErrorCode.FormationViolation, "a CALL's payload must be a JSON object", id, true);
                return new OcppCall(id, action, (JsonObject)payload.DeepClone());
            case OcppFrame.CallResultType:
                if (array.Count != 3 || array[2] is not JsonObject result)
                    throw new OcppFrameException(OcppErrorCode.FormationViolation, "a CALLRESULT is [3, messageId, payload object]", id);
                return new OcppCallResult(id, (JsonObject)result.DeepClone());
            case OcppFrame.CallErrorType:
                if (array.Count is < 4 or > 5 || array[2] is not JsonValue codeValue || !codeValue.TryGetValue<string>(out var code))
                    throw new OcppFrameException(OcppErrorCode.FormationViolation, "a CALLERROR is [4, messageId, errorCode, errorDescription, errorDetails]", id);
                var description = array[3] is JsonValue d && d.TryGetValue<string>(out var text2) ? text2 : "";
                var details = array.Count == 5 && array[4] is JsonObject o ? (JsonObject)o.DeepClone() : null;
                return new OcppCallError(id, code, description, details);
            default:
                throw new OcppFrameException(OcppErrorCode.FormationViolation, $"unknown message type {type}", id);
        }
    }

    private static bool TryInt(JsonNode? node, out int value)
    {
        value = 0;
        return node is JsonValue v && v.TryGetValue(out value);
    }
}
