using Charger.Actors.Charging;

namespace Charger.Tests.Charging;

public sealed class TransitionClassifierTests
{
    [Theory]
    [InlineData(1, 2, ChargerEventType.CableConnected)]
    [InlineData(2, 3, ChargerEventType.EvConnected)]
    [InlineData(3, 4, ChargerEventType.ChargeReady)]
    [InlineData(4, 5, ChargerEventType.ChargeStarted)]
    [InlineData(3, 5, ChargerEventType.ChargeStarted)] // sampled over Ready
    [InlineData(1, 5, ChargerEventType.ChargeStarted)] // leftover authorization: plug-in went straight to charging
    [InlineData(6, 5, ChargerEventType.ChargeStarted)] // resume sampled over 6 -> 4 -> 5
    [InlineData(5, 6, ChargerEventType.ChargePaused)]
    [InlineData(5, 7, ChargerEventType.ChargeStopped)]
    [InlineData(6, 7, ChargerEventType.ChargeStopped)]
    [InlineData(5, 1, ChargerEventType.ChargeStopped)] // sampled over 7
    [InlineData(6, 1, ChargerEventType.ChargeStopped)]
    [InlineData(2, 1, ChargerEventType.CableDisconnected)]
    [InlineData(3, 1, ChargerEventType.CableDisconnected)]
    [InlineData(7, 1, ChargerEventType.CableDisconnected)]
    [InlineData(5, 8, ChargerEventType.FaultDetected)]
    [InlineData(0, 8, ChargerEventType.FaultDetected)]
    [InlineData(8, 0, ChargerEventType.StateChanged)]
    [InlineData(0, 1, ChargerEventType.FaultCleared)]
    [InlineData(8, 1, ChargerEventType.FaultCleared)] // sampled over 0
    [InlineData(6, 4, ChargerEventType.StateChanged)]
    [InlineData(4, 1, ChargerEventType.StateChanged)]
    [InlineData(1, 42, ChargerEventType.StateChanged)] // a forced, undefined code
    public void Each_transition_gets_its_event(int from, int to, ChargerEventType expected) =>
        Assert.Equal([expected], TransitionClassifier.Classify(from, to));

    [Fact]
    public void A_jump_over_a_whole_charge_start_yields_both_events_in_order() =>
        Assert.Equal([ChargerEventType.ChargeStarted, ChargerEventType.ChargePaused], TransitionClassifier.Classify(3, 6));

    [Theory]
    [InlineData(1, 3, new[] { ChargerEventType.CableConnected, ChargerEventType.EvConnected })]
    [InlineData(1, 4, new[] { ChargerEventType.CableConnected, ChargerEventType.EvConnected, ChargerEventType.ChargeReady })]
    [InlineData(2, 4, new[] { ChargerEventType.EvConnected, ChargerEventType.ChargeReady })]
    public void A_plug_in_sampled_over_its_steps_yields_every_step(int from, int to, ChargerEventType[] expected) =>
        Assert.Equal(expected, TransitionClassifier.Classify(from, to));

    [Fact]
    public void No_change_is_no_event()
    {
        for (var state = 0; state <= 8; state++) Assert.Empty(TransitionClassifier.Classify(state, state));
    }
}
