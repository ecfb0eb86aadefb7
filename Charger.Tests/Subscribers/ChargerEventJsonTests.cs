using System.Text.Json;
using Charger.Actors.Charging;
using Charger.Actors.Serial;
using Charger.Actors.Subscribers;

namespace Charger.Tests.Subscribers;

public sealed class ChargerEventJsonTests
{
    [Fact]
    public void A_state_event_names_its_type_and_states_like_the_predecessor_and_keeps_units_in_names()
    {
        var at = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        var status = new ChargerStatus { StateCode = 5, RelayFlag = true, LockFlag = true, PilotAdcCounts = 1800, CableRatingAmps = 32, MaxCurrentAmps = 16, ReceivedAt = at };
        var json = ChargerEventJson.Serialize(new ChargerEvent("cp-1", 42, ChargerEventType.ChargeStarted, at, 3, 5, status));

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("cp-1", root.GetProperty("charger_id").GetString());
        Assert.Equal(42, root.GetProperty("sequence").GetInt64());
        Assert.Equal("CHARGE_STARTED", root.GetProperty("type").GetString());
        Assert.Equal("EV_CONNECTED", root.GetProperty("from_state_name").GetString());
        Assert.Equal("CHARGING", root.GetProperty("to_state_name").GetString());
        var s = root.GetProperty("status");
        Assert.Equal("CLOSED", s.GetProperty("relay").GetString());
        Assert.Equal("LOCKED", s.GetProperty("cable_lock").GetString());
        Assert.Equal(1800, s.GetProperty("pilot_adc_counts").GetInt32());
        Assert.Equal(32, s.GetProperty("cable_rating_amps").GetInt32());
        Assert.False(root.TryGetProperty("link", out _)); // nulls are left out
    }

    [Fact]
    public void A_link_event_carries_the_link_and_no_status()
    {
        var at = DateTimeOffset.UnixEpoch;
        var link = new LinkState(false, at, "/dev/ttyUSB0", 2, "device vanished", 3);
        using var doc = JsonDocument.Parse(ChargerEventJson.Serialize(new ChargerEvent("cp-1", 1, ChargerEventType.LinkDown, at, Link: link)));
        Assert.Equal("LINK_DOWN", doc.RootElement.GetProperty("type").GetString());
        Assert.False(doc.RootElement.GetProperty("link").GetProperty("up").GetBoolean());
        Assert.Equal(3, doc.RootElement.GetProperty("link").GetProperty("reconnects").GetInt64());
        Assert.False(doc.RootElement.TryGetProperty("status", out _));
    }
}
