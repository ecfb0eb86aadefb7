using Charger.Actors.Protocol;

namespace Charger.Tests.Protocol;

/// <summary>
/// The predecessor's parser acceptance cases (PREDECESSOR.md 7.2, ESP32-FIRMWARE.md 1.10), restated for typed
/// frames: integers land in the raw properties, anything else is kept as text in Extra. Timestamps and
/// STATE_NAME are not the decoder's job (the reader stamps frames; the charging layer names states).
/// </summary>
public sealed class PredecessorParserCaseTests
{
    [Fact]
    public void Full_frame_is_all_integers()
    {
        var stat = Wire.Single<StatFrame>(
            "<STAT;CP=0;CPV=3920;PP=1;PPV=910;RL=0;LOCK=0;MOTOR=0;PWM=255;MAX=16;CABLE=32;AUTH=0;STATE=2;PB=0;STOP=0;>");
        Assert.Equal(Wire.Stat(0, 3920, 1, 910, 0, 0, 0, 255, 16, 32, 0, 2), stat);
    }

    [Fact]
    public void Partial_frame_is_accepted_and_missing_fields_are_null()
    {
        var stat = Wire.Single<StatFrame>("<STAT;CP=0;STATE=1;>");
        Assert.Equal(new StatFrame { Cp = 0, State = 1 }, stat);
        Assert.Null(stat.Cpv);
        Assert.Null(stat.Stop);
    }

    [Theory]
    [InlineData("<STAT;CP=0;STATE=1")]
    [InlineData("")]
    [InlineData("STAT;ID=1;>")]
    public void No_brackets_no_stat(string text) =>
        Assert.DoesNotContain(Wire.Decode(text + "\r\n"), f => f is StatFrame);

    [Fact]
    public void Text_without_a_leading_bracket_is_noise()
    {
        var decoder = new FrameDecoder();
        Assert.Equal([new NoiseLine("STAT;ID=1;>")], Wire.Decode(Wire.Bytes("STAT;ID=1;>\r\n"), decoder));
        Assert.Equal(0, decoder.Counters.Frames);
    }

    [Fact]
    public void Unterminated_frame_gives_nothing_and_is_counted()
    {
        var decoder = new FrameDecoder();
        Assert.Empty(Wire.Decode(Wire.Bytes("<STAT;CP=0;STATE=1\r\n"), decoder));
        Assert.Equal(1, decoder.Counters.TruncatedFrames);
    }

    [Fact]
    public void Decimal_values_of_integer_fields_are_kept_as_text_and_counted()
    {
        var decoder = new FrameDecoder();
        var stat = Assert.IsType<StatFrame>(Assert.Single(Wire.Decode(Wire.Bytes("<STAT;CPV=3920.5;PPV=910.2;STATE=1;>"), decoder)));
        Assert.Null(stat.Cpv);
        Assert.Null(stat.Ppv);
        Assert.Equal(1, stat.State);
        Assert.Equal([new Esp32Field("CPV", "3920.5"), new Esp32Field("PPV", "910.2")], stat.Extra);
        Assert.True(stat.Extra[0].TryGetDouble(out var cpv));
        Assert.Equal(3920.5, cpv);
        Assert.Equal(1, decoder.Counters.ParseErrors);
    }

    [Theory]
    [InlineData("<STAT;STATE=1;MESSAGE=test;>", "MESSAGE", "test")]
    [InlineData("<STAT;STATE=1;MSG=test-value;>", "MSG", "test-value")]
    [InlineData("<STAT;STATE=1;MSG=test-üğşç;>", "MSG", "test-üğşç")]
    [InlineData("<STAT;STATE=1;MSG=test=value;>", "MSG", "test=value")]
    [InlineData("<STAT;STATE=1;EMPTY=;>", "EMPTY", "")]
    [InlineData("<STAT;STATE=1;NEG=-1;>", "NEG", "-1")]
    [InlineData("<STAT;STATE=1;LARGE=999999999;>", "LARGE", "999999999")]
    [InlineData("<STAT;ID=123;CP=0;STATE=1;>", "ID", "123")]
    public void Unknown_fields_are_kept_with_their_text(string wire, string key, string value)
    {
        var stat = Wire.Single<StatFrame>(wire);
        Assert.Equal(1, stat.State);
        Assert.True(stat.Extra.TryGetValue(key, out var kept));
        Assert.Equal(value, kept);
    }

    [Fact]
    public void Unknown_integer_fields_can_be_read_as_integers()
    {
        var stat = Wire.Single<StatFrame>("<STAT;NEG=-1;LARGE=999999999;ID=123;>");
        Assert.True(stat.Extra[0].TryGetInt32(out var negative));
        Assert.True(stat.Extra[1].TryGetInt32(out var large));
        Assert.True(stat.Extra[2].TryGetInt32(out var id));
        Assert.Equal((-1, 999999999, 123), (negative, large, id));
    }

    [Fact]
    public void Known_fields_take_negative_and_large_integers()
    {
        var stat = Wire.Single<StatFrame>("<STAT;CP=-1;CPV=999999999;STATE=-2147483648;PWM=+5;>");
        Assert.Equal((-1, 999999999, int.MinValue, 5), (stat.Cp, stat.Cpv, stat.State, stat.Pwm));
    }

    [Fact]
    public void Integers_that_overflow_are_kept_as_text()
    {
        var stat = Wire.Single<StatFrame>("<STAT;CPV=2147483648;STATE=1;>");
        Assert.Null(stat.Cpv);
        Assert.Equal([new Esp32Field("CPV", "2147483648")], stat.Extra);
    }

    [Fact]
    public void Whitespace_around_pieces_keys_and_values_is_trimmed()
    {
        var stat = Wire.Single<StatFrame>("<STAT; CP=0 ; STATE=1 ; >");
        Assert.Equal(new StatFrame { Cp = 0, State = 1 }, stat);
        Assert.Equal(new StatFrame { Cp = 3, State = 4 }, Wire.Single<StatFrame>("<STAT;\tCP =\t3;STATE= 4\t;>"));
    }

    [Fact]
    public void A_repeated_key_keeps_the_last_value()
    {
        var stat = Wire.Single<StatFrame>("<STAT;ID=1;ID=2;STATE=1;STATE=3;>");
        Assert.Equal(3, stat.State);
        Assert.Equal([new Esp32Field("ID", "2")], stat.Extra);
    }

    [Fact]
    public void A_repeated_known_key_with_a_bad_last_value_leaves_no_integer()
    {
        var bad = Wire.Single<StatFrame>("<STAT;STATE=1;STATE=x;>");
        Assert.Null(bad.State);
        Assert.Equal([new Esp32Field("STATE", "x")], bad.Extra);

        var good = Wire.Single<StatFrame>("<STAT;STATE=x;STATE=2;>");
        Assert.Equal(2, good.State);
        Assert.Empty(good.Extra);
    }

    [Theory]
    [InlineData("<STAT;>", 0)]
    [InlineData("<STAT>", 0)]
    [InlineData("<STAT;=1;>", 1)]
    [InlineData("<STAT;ID=1;CP=;STATE=2;>", 1)]
    [InlineData("<STAT;NOEQUALS;STATE=2;>", 1)]
    [InlineData("<STAT;;;;>", 0)]
    public void Odd_stat_frames_do_not_throw_and_malformed_ones_are_counted(string wire, int parseErrors)
    {
        var decoder = new FrameDecoder();
        Assert.IsType<StatFrame>(Assert.Single(Wire.Decode(Wire.Bytes(wire), decoder)));
        Assert.Equal(parseErrors, decoder.Counters.ParseErrors);
    }

    [Fact]
    public void Empty_stat_frame_has_no_fields()
    {
        var stat = Wire.Single<StatFrame>("<STAT;>");
        Assert.Equal(new StatFrame(), stat);
        Assert.Same(FrameFields.Empty, stat.Extra);
    }

    [Fact]
    public void Empty_value_of_a_known_field_is_kept_as_text()
    {
        var stat = Wire.Single<StatFrame>("<STAT;ID=1;CP=;STATE=2;>");
        Assert.Null(stat.Cp);
        Assert.Equal(2, stat.State);
        Assert.Equal([new Esp32Field("ID", "1"), new Esp32Field("CP", "")], stat.Extra);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(255)]
    [InlineData(-3)]
    public void Any_state_number_is_kept_raw(int state) =>
        Assert.Equal(state, Wire.Single<StatFrame>($"<STAT;STATE={state};>").State);

    [Fact]
    public void Ack_extra_fields_stay_strings()
    {
        var ack = Wire.Single<AckFrame>("<ACK;CMD=SETMAXAMP;STATUS=OK;VALUE=16;>");
        Assert.Equal(("SETMAXAMP", "OK"), (ack.Command, ack.Status));
        Assert.Equal([new Esp32Field("VALUE", "16")], ack.Extra);
    }

    [Fact]
    public void Ack_whitespace_is_trimmed_but_inner_spaces_kept()
    {
        Assert.Equal(new AckFrame("AUTH", "OK"), Wire.Single<AckFrame>("<ACK; CMD = AUTH ; STATUS = OK ; >"));
        Assert.Equal(new AckFrame("AUTH", "NOT CLEARED"), Wire.Single<AckFrame>("<ACK;CMD=AUTH;STATUS= NOT CLEARED ;>"));
    }

    [Fact]
    public void Ack_without_closing_bracket_gives_nothing() =>
        Assert.Empty(Wire.Decode("<ACK;CMD=AUTH;STATUS=OK;\r\n"));

    [Fact]
    public void Ack_with_missing_fields_has_nulls() =>
        Assert.Equal(new AckFrame(null, null), Wire.Single<AckFrame>("<ACK;>"));

    [Fact]
    public void Info_with_a_non_integer_value_keeps_it_as_text()
    {
        var info = Wire.Single<InfoFrame>("<INFO;MSG=GF_COUNT;VAL=ten;EXTRA=1;>");
        Assert.Equal(("GF_COUNT", (int?)null), (info.Message, info.Value));
        Assert.Equal([new Esp32Field("VAL", "ten"), new Esp32Field("EXTRA", "1")], info.Extra);
    }

    [Fact]
    public void Err_keeps_its_code_message_and_other_fields()
    {
        var err = Wire.Single<ErrFrame>("<ERR;BAD_THING;MSG=details here;AT=3;>");
        Assert.Equal(new ErrFrame("BAD_THING", "details here") { Extra = err.Extra }, err);
        Assert.Equal([new Esp32Field("AT", "3")], err.Extra);
    }

    [Fact]
    public void Frame_kinds_are_case_sensitive_like_the_firmware_prints_them() =>
        Assert.Equal(new UnknownFrame("<stat;CP=0;>"), Wire.Single<UnknownFrame>("<stat;CP=0;>"));

    [Fact]
    public void Expected_extra_fields_can_be_built_with_the_same_last_value_rule()
    {
        var stat = Wire.Single<StatFrame>("<STAT;ID=1;FOO=bar;ID=2;STATE=1;>");
        Assert.Equal(
            new StatFrame { State = 1, Extra = FrameFields.Of(new("ID", "1"), new("FOO", "bar"), new("ID", "2")) },
            stat);
        Assert.Same(FrameFields.Empty, FrameFields.Of());
    }

    [Fact]
    public void Frames_with_extra_fields_are_still_value_equal()
    {
        const string wire = "<STAT;CP=0;ID=7;FOO=bar;>";
        Assert.Equal(Wire.Single<StatFrame>(wire), Wire.Single<StatFrame>(wire));
        Assert.Equal(Wire.Single<StatFrame>(wire).GetHashCode(), Wire.Single<StatFrame>(wire).GetHashCode());
        Assert.NotEqual(Wire.Single<StatFrame>(wire), Wire.Single<StatFrame>("<STAT;CP=0;ID=7;FOO=baz;>"));
    }
}
