using Charger.Actors.Metering;

namespace Charger.Host.Http;

/// <summary>
/// A charger's meter as the API shows it (<c>meter</c> in <c>/api/status</c>, <c>/api/chargers/{id}</c> and its
/// status): the last complete reading's register, power, current and voltage per phase, always with when it was read,
/// its age and whether it is fresh (never, once older than <c>stale-after</c> or while the meter link is down), and the
/// link's state. Null for a charger without a meter.
/// </summary>
public static class MeterData
{
    public static object? From(MeterMonitor? meter, DateTimeOffset now)
    {
        if (meter is null) return null;
        var link = meter.Link.Current;
        var reading = meter.Latest;
        return new
        {
            model = meter.Options.Map.Name,
            port = meter.Options.PortPath,
            address = meter.Options.Address,
            link_up = link.IsUp,
            link_since = link.Since,
            reconnects = link.Reconnects,
            last_error = link.LastError,
            fresh = meter.IsFresh,
            read_at = reading?.ReadAt,
            age_seconds = reading is null ? (double?)null : Math.Round((now - reading.ReadAt).TotalSeconds, 3),
            energy_import_wh = Round(reading?.EnergyImportWh, 1),
            energy_import_kwh = Round(reading?.EnergyImportWh / 1000, 4),
            power_w = Round(reading?.PowerW, 1),
            current_a = reading?.CurrentA.Select(v => Round(v, 3)),
            voltage_v = reading?.VoltageV.Select(v => Round(v, 1)),
            power_per_phase_w = reading?.PowerPerPhaseW.Select(v => Round(v, 1)),
            failed_reads = meter.FailedReads,
            exception_responses = meter.ExceptionResponses,
            last_exception = meter.LastException,
        };
    }

    private static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;
}
