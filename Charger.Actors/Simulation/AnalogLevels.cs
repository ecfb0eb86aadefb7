namespace Charger.Actors.Simulation;

/// <summary>
/// ADC counts the firmware reads for physical situations, chosen inside the firmware's decoding ranges
/// (ESP32-FIRMWARE.md 1.7) and, where the document has observations, equal to them.
/// </summary>
/// <remarks>
/// CP (highest of 200 12-bit samples): &gt;3000 → 0, &gt;2000 → 1, &gt;1500 → 2, otherwise 3.
/// Observed: about 3920–3931 idle (state A), 1846–1847 charging (state C); B and D are interpolated
/// linearly between those (the firmware only needs the range).
/// PP (sum of 100 samples / 96): &gt;2100 → no cable, &gt;2000 → 6 A, &gt;1800 → 13 A, &gt;1300 → 20 A,
/// &gt;750 → 32 A, &gt;300 → 63 A, otherwise 0. Observed: 2455–2457 no cable, 1520–1566 with a 20 A cable,
/// 910 with a 32 A cable; the 6, 13 and 63 A values are mid-range picks.
/// </remarks>
public static class AnalogLevels
{
    /// <summary>Largest CP reading (12-bit ADC).</summary>
    public const int ControlPilotMax = 4095;

    /// <summary>Largest PP reading: 100 samples of 4095 divided by 96.</summary>
    public const int ProximityMax = 100 * 4095 / 96;

    /// <summary>PP reading with no cable in the station socket.</summary>
    public const int NoCableProximityAdc = 2457;

    /// <summary>Cable ratings the firmware can decode from PP.</summary>
    public static IReadOnlyList<int> CableRatings { get; } = [6, 13, 20, 32, 63];

    /// <summary>CP ADC count for a pilot state.</summary>
    public static int ControlPilotAdc(PilotState state) => state switch
    {
        PilotState.A => 3925,
        PilotState.B => 2885,
        PilotState.C => 1846,
        PilotState.D => 807,
        PilotState.E => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown pilot state"),
    };

    /// <summary>PP ADC count for a cable of the given rating (6, 13, 20, 32 or 63 A).</summary>
    public static int ProximityAdcForCable(int ratingAmps) => ratingAmps switch
    {
        6 => 2050,
        13 => 1900,
        20 => 1540,
        32 => 910,
        63 => 520,
        _ => throw new ArgumentOutOfRangeException(nameof(ratingAmps), ratingAmps, "a cable rating is 6, 13, 20, 32 or 63 A"),
    };

    /// <summary>The firmware's CP class for an ADC count (<c>CPBAK</c>).</summary>
    public static int ClassifyControlPilot(int adc) => adc switch
    {
        > 3000 => 0,
        > 2000 => 1,
        > 1500 => 2,
        _ => 3,
    };

    /// <summary>The firmware's cable rating for a PP reading (<c>PPBAK</c>); 0 means no or unknown cable.</summary>
    public static int DecodeCableRating(int proximityAdc) => proximityAdc switch
    {
        > 2100 => 0,
        > 2000 => 6,
        > 1800 => 13,
        > 1300 => 20,
        > 750 => 32,
        > 300 => 63,
        _ => 0,
    };
}
