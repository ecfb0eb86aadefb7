using Charger.Actors.Ocpp.Framing;
using Charger.Actors.Ocpp.Messages;

namespace Charger.Tests.Ocpp;

public sealed class OcppFrameParserTests
{
    [Fact]
    public void A_CALL_a_CALLRESULT_and_a_CALLERROR_read_back_as_written()
    {
        var call = new OcppCall(OcppFrame.NewMessageId(), "Heartbeat", []);
        Assert.Equal(call.MessageId, Assert.IsType<OcppCall>(OcppFrameParser.Parse(call.ToText())).MessageId);
        Assert.True(call.MessageId.Length <= OcppFrame.MaxMessageIdLength);
        var result = Assert.IsType<OcppCallResult>(OcppFrameParser.Parse("""[3,"id-1",{"currentTime":"2026-12-07T12:00:00.000Z"}]"""));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero), OcppJson.FromPayload<HeartbeatResponse>(result.Payload).CurrentTime);
        var error = Assert.IsType<OcppCallError>(OcppFrameParser.Parse("""[4,"id-2","FormatViolation","bad",{}]"""));
        Assert.True(OcppErrorCode.IsFormationViolation(error.ErrorCode)); // OCPP 2.0's spelling from a peer is understood
    }

    [Theory]
    [InlineData("not json", null)]
    [InlineData("{\"a\":1}", null)]
    [InlineData("[2,\"id-3\",\"Reset\"]", "id-3")]
    [InlineData("[2,\"id-4\",\"Reset\",[]]", "id-4")]
    [InlineData("[2,\"0123456789012345678901234567890123456\",\"Reset\",{}]", "0123456789012345678901234567890123456")]
    [InlineData("[7,\"id-5\",\"Reset\",{}]", "id-5")]
    public void Malformed_messages_are_FormationViolations_answered_when_the_CALL_has_an_id(string text, string? id)
    {
        var e = Assert.Throws<OcppFrameException>(() => OcppFrameParser.Parse(text));
        Assert.Equal(OcppErrorCode.FormationViolation, e.ErrorCode);
        Assert.Equal(id, e.MessageId);
    }

    [Fact]
    public void Payloads_leave_out_absent_fields_and_write_UTC_date_times_with_milliseconds()
    {
        var at = new DateTimeOffset(2026, 12, 7, 13, 14, 15, 16, TimeSpan.FromHours(1));
        var payload = OcppJson.ToPayload(new StatusNotificationRequest(1, "NoError", "Available", at));
        Assert.Equal("""{"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":"2026-12-07T12:14:15.016Z"}""", payload.ToJsonString());
    }

    [Fact]
    public void A_CALLERROR_description_is_cut_to_255_characters()
    {
        var text = new OcppCallError("id", OcppErrorCode.InternalError, new string('x', 400)).ToJson()[3]!.GetValue<string>();
        Assert.Equal(OcppCallError.MaxDescriptionLength, text.Length);
    }
}
