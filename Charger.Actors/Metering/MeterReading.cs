namespace Charger.Actors.Metering;

/// <summary>
/// One complete poll of a meter (every block answered), stamped when its last answer arrived. Values the model
/// does not have are null. Per-phase arrays have 3 entries (L1..L3); a single-phase meter fills L1 only.
/// </summary>
public sealed record MeterReading(
    DateTimeOffset ReadAt,
    double? EnergyImportWh,
    double? PowerW,
    IReadOnlyList<double?> CurrentA,
    IReadOnlyList<double?> VoltageV,
    IReadOnlyList<double?> PowerPerPhaseW)
{
    /// <summary>Builds a reading from decoded registers: the total power is the sum of the phases when the map has no total.</summary>
    public static MeterReading From(DateTimeOffset at, IReadOnlyDictionary<MeterRegister, double> values)
    {
        double? Get(MeterQuantity q, int phase) =>
            values.FirstOrDefault(v => v.Key.Quantity == q && v.Key.Phase == phase) is { Key: not null } kv ? kv.Value : null;
        double?[] Phases(MeterQuantity q) => [Get(q, 1), Get(q, 2), Get(q, 3)];
        var perPhase = Phases(MeterQuantity.Power);
        var total = Get(MeterQuantity.PowerTotal, 0) ?? (perPhase.Any(p => p is not null) ? perPhase.Sum(p => p ?? 0) : null);
        return new MeterReading(at, Get(MeterQuantity.EnergyImport, 0), total, Phases(MeterQuantity.Current), Phases(MeterQuantity.Voltage), perPhase);
    }
}
