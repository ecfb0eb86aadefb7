using System.Globalization;
using Charger.Actors.Ocpp.Messages;
using Charger.Actors.Ocpp.Transactions;

namespace Charger.Actors.Ocpp.ChargePoint;

/// <summary>
/// The sampled values of one MeterValue, limited to the measurands configured (MeterValuesSampledData or
/// MeterValuesAlignedData): Energy.Active.Import.Register (Wh), Power.Active.Import (W) and Current.Import per phase (A)
/// from the meter when there is a fresh reading, and Current.Offered (A) always. Values are strings in the invariant
/// culture, as the OCPP 1.6 schema asks.
/// </summary>
public static class SampledValues
{
    public const string Energy = "Energy.Active.Import.Register";
    public const string Power = "Power.Active.Import";
    public const string Current = "Current.Import";
    public const string Offered = "Current.Offered";

    public const string Periodic = "Sample.Periodic";
    public const string Clock = "Sample.Clock";

    /// <summary>Every measurand this charge point can sample, in the order they are sent.</summary>
    public static readonly IReadOnlyList<string> Supported = [Energy, Power, Current, Offered];

    public static string DefaultList => string.Join(',', Supported);

    /// <summary>Whether <paramref name="list"/> is a comma-separated list (possibly empty) of supported measurands.</summary>
    public static bool IsValidList(string list) => Parse(list) is not null;

    /// <summary>The measurands of a configured list; null when one of them is not supported.</summary>
    public static IReadOnlySet<string>? Parse(string list)
    {
        var items = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return items.All(Supported.Contains) ? items.ToHashSet(StringComparer.Ordinal) : null;
    }

    public static MeterValue Of(DateTimeOffset at, string context, int? currentOfferedAmps, MeterSample? meter, IReadOnlySet<string> measurands)
    {
        var values = new List<SampledValue>();
        if (meter is not null)
        {
            if (measurands.Contains(Energy) && meter.EnergyWh is { } wh)
                values.Add(new SampledValue(Format(wh, "0.#"), context, Measurand: Energy, Location: "Outlet", Unit: "Wh"));
            if (measurands.Contains(Power) && meter.PowerW is { } w)
                values.Add(new SampledValue(Format(w, "0.#"), context, Measurand: Power, Location: "Outlet", Unit: "W"));
            if (measurands.Contains(Current))
            {
                (double? Amps, string Phase)[] phases = [(meter.CurrentL1A, "L1"), (meter.CurrentL2A, "L2"), (meter.CurrentL3A, "L3")];
                foreach (var (amps, phase) in phases)
                    if (amps is { } a) values.Add(new SampledValue(Format(a, "0.##"), context, Measurand: Current, Phase: phase, Location: "Outlet", Unit: "A"));
            }
        }
        // A MeterValue needs at least one sampled value: Current.Offered is always there as the last resort.
        if (measurands.Contains(Offered) || values.Count == 0)
            values.Add(new SampledValue(Format(currentOfferedAmps ?? 0, "0"), context, Measurand: Offered, Unit: "A"));
        return new MeterValue(at, values);
    }

    /// <summary>
    /// A StopTransaction's transactionData: the energy register at the transaction's begin (Transaction.Begin) and end
    /// (Transaction.End), the same values as meterStart and meterStop (0 without a meter). None for a stop journaled
    /// before the begin was kept with it.
    /// </summary>
    public static IReadOnlyList<MeterValue>? TransactionData(TransactionBegin? begin, int meterStopWattHours, DateTimeOffset stoppedAt) =>
        begin is null
            ? null
            :
            [
                new MeterValue(begin.At, [Register(begin.MeterWattHours, "Transaction.Begin")]),
                new MeterValue(stoppedAt, [Register(meterStopWattHours, "Transaction.End")]),
            ];

    private static SampledValue Register(int wattHours, string context) =>
        new(wattHours.ToString(CultureInfo.InvariantCulture), context, Measurand: Energy, Location: "Outlet", Unit: "Wh");

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
