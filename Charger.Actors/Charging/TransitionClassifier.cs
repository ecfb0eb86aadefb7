namespace Charger.Actors.Charging;

/// <summary>
/// Names a change of STATE, as the predecessor did (PREDECESSOR.md 4.1) but aware that a sampler can
/// miss short states: a jump over a state yields the events of the states jumped over, in order
/// (3->6 is a charge that started and paused). Stateless: 0 (HardfaultEnd) only ever follows 8.
/// </summary>
public static class TransitionClassifier
{
    private static readonly ChargerEventType[] None = [];

    /// <summary>The events for <paramref name="from"/> -> <paramref name="to"/>; none for no change.</summary>
    public static IReadOnlyList<ChargerEventType> Classify(int from, int to)
    {
        if (from == to) return None;
        if (to == 8) return [ChargerEventType.FaultDetected];
        return (from, to) switch
        {
            (8, 0) => [ChargerEventType.StateChanged], // the fault is clearing; cleared once 0 -> 1
            (8, 1) or (0, 1) => [ChargerEventType.FaultCleared],
            (1, 2) => [ChargerEventType.CableConnected],
            (2, 3) => [ChargerEventType.EvConnected],
            (3, 4) => [ChargerEventType.ChargeReady],
            // Plugging in takes a pass or two per step: a 1 s sampler often sees the jump.
            (1, 3) => [ChargerEventType.CableConnected, ChargerEventType.EvConnected],
            (1, 4) => [ChargerEventType.CableConnected, ChargerEventType.EvConnected, ChargerEventType.ChargeReady],
            (2, 4) => [ChargerEventType.EvConnected, ChargerEventType.ChargeReady],
            (1 or 2 or 3 or 4 or 6, 5) => [ChargerEventType.ChargeStarted],
            (5, 6) => [ChargerEventType.ChargePaused],
            (3 or 4, 6) => [ChargerEventType.ChargeStarted, ChargerEventType.ChargePaused],
            (5 or 6, 7) or (5 or 6, 1) => [ChargerEventType.ChargeStopped],
            (2 or 3, 1) => [ChargerEventType.CableDisconnected],
            // Leaving Stopped happens only when the cable is pulled (the firmware says so in an INFO line).
            (7, 1) => [ChargerEventType.CableDisconnected],
            _ => [ChargerEventType.StateChanged],
        };
    }
}
