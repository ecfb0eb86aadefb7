using Charger.Actors.Simulation;

namespace Charger.Tests.Simulation;

/// <summary>ESP32-FIRMWARE.md 2.2 "RFID".</summary>
public sealed class RfidTests
{
    private const uint KnownCard = 0x11223344;
    private const uint OtherCard = 0x55667788;

    private static FirmwareBench Idle()
    {
        var bench = FirmwareBench.Booted(FirmwareBench.QuietBoot with { StoredCards = [KnownCard] });
        bench.Pass();
        return bench;
    }

    [Fact]
    public void A_known_card_grants_authorization_in_ev_connected_without_setting_auth()
    {
        var bench = Idle();
        bench.ToEvConnected();
        var passesWithoutCard = bench.Firmware.PassesWithoutCard;
        var beeps = bench.Hardware.Beeps;
        bench.Hardware.PresentCard(KnownCard);

        Assert.Equal($"of{passesWithoutCard}\n", bench.Pass());

        Assert.Equal(AuthorizationStatus.Granted, bench.Firmware.Authorization);
        Assert.False(bench.Firmware.AuthEnabled);
        Assert.Equal(FirmwareState.Ready, bench.State); // the state machine runs after the RFID step
        Assert.Equal(beeps + 1 + 3, bench.Hardware.Beeps);
    }

    [Fact]
    public void A_card_held_on_the_reader_is_read_every_pass_but_counts_once()
    {
        var bench = Idle();
        bench.Passes(5);
        bench.Hardware.PresentCard(OtherCard);
        Assert.Equal("of6\n", bench.Pass());
        Assert.Equal("of0\nof0\nof0\n", bench.Passes(3));
    }

    [Fact]
    public void A_card_presented_within_two_passes_of_the_last_read_never_counts_until_it_is_removed()
    {
        var bench = Idle();
        bench.ToEvConnected();
        bench.Hardware.PresentCard(OtherCard); // a fresh read: the counter restarts from 0
        bench.Pass();
        bench.Hardware.RemoveCard();
        bench.Pass();
        bench.Hardware.PresentCard(KnownCard);

        Assert.Equal("of1\nof1\n", bench.Passes(2));
        Assert.Equal(AuthorizationStatus.Waiting, bench.Firmware.Authorization);
    }

    [Fact]
    public void An_unknown_card_only_beeps()
    {
        var bench = Idle();
        bench.ToEvConnected();
        var beeps = bench.Hardware.Beeps;
        bench.Hardware.PresentCard(OtherCard);
        bench.Pass();
        Assert.Equal(AuthorizationStatus.Waiting, bench.Firmware.Authorization);
        Assert.Equal(beeps + 1, bench.Hardware.Beeps);
    }

    [Fact]
    public void A_known_card_in_idle_grants_nothing_because_the_card_flag_is_clear()
    {
        var bench = Idle();
        bench.Hardware.PresentCard(KnownCard);
        bench.Pass();
        Assert.Equal(AuthorizationStatus.Waiting, bench.Firmware.Authorization);
    }

    [Fact]
    public void A_known_card_needs_an_ev_on_the_pilot()
    {
        var bench = Idle();
        bench.Vehicle.PlugCable(32);
        bench.RunUntil(() => bench.State == FirmwareState.CableDetect);
        bench.Pass();
        Assert.True(bench.Firmware.CardFlag);
        bench.Hardware.PresentCard(KnownCard);
        bench.Pass();
        Assert.Equal(AuthorizationStatus.Waiting, bench.Firmware.Authorization);
    }

    [Fact]
    public void The_same_card_shown_again_while_charging_cancels_and_stops()
    {
        var bench = Idle();
        bench.ToEvConnected();
        bench.Hardware.PresentCard(KnownCard);
        bench.Pass();
        bench.Hardware.RemoveCard();
        bench.Pass();
        bench.Vehicle.RequestCharge();
        bench.RunUntil(() => bench.State == FirmwareState.Charging);
        bench.Passes(3);

        bench.Hardware.PresentCard(OtherCard);
        bench.Pass();
        Assert.Equal(FirmwareState.Charging, bench.State); // another card: three beeps only
        bench.Hardware.RemoveCard();
        bench.Passes(3);

        bench.Hardware.PresentCard(KnownCard);
        bench.Pass();
        Assert.Equal(AuthorizationStatus.CancelRequested, bench.Firmware.Authorization);
        Assert.Equal(FirmwareState.Stopped, bench.State);
    }

    [Fact]
    public void The_passes_without_card_counter_is_capped_at_200()
    {
        var bench = Idle();
        bench.Passes(250);
        bench.Hardware.PresentCard(OtherCard);
        Assert.Equal("of200\n", bench.Pass());
    }
}
