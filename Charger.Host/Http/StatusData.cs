using Charger.Actors.Charging;
using Charger.Actors.Subscribers;

namespace Charger.Host.Http;

/// <summary>
/// The status as <c>GET /api/status</c> shows it: the predecessor's STAT fields under their wire
/// names (CP, CPV, ... STATE, STATE_NAME, timestamp) so old clients keep working, and beside them a
/// typed <c>charger</c> view with the real meaning of each flag, the status's age and freshness.
/// </summary>
public static class StatusData
{
    public static Dictionary<string, object?> From(string chargerId, StateTrackerActor.CurrentStatus current, DateTimeOffset now)
    {
        var s = current.Status!;
        var data = new Dictionary<string, object?>
        {
            ["CP"] = (int?)s.Pilot,
            ["CPV"] = s.PilotAdcCounts,
            ["PP"] = Flag(s.CablePresent),
            ["PPV"] = s.ProximityAdcCounts,
            ["RL"] = Flag(s.RelayFlag),
            ["LOCK"] = Flag(s.LockFlag),
            ["MOTOR"] = Flag(s.FaultUnlockDone),
            ["PWM"] = s.PwmDuty,
            ["MAX"] = s.MaxCurrentAmps,
            ["CABLE"] = s.CableRatingAmps,
            ["AUTH"] = Flag(s.Authorized),
            ["STATE"] = s.StateCode,
            ["PB"] = (int?)s.PowerBoard,
            ["STATE_NAME"] = ChargerEventJson.NameOf(s.StateCode) ?? $"UNKNOWN_{s.StateCode}",
            ["timestamp"] = s.ReceivedAt,
            ["charger"] = new
            {
                id = chargerId,
                state = s.StateCode,
                state_name = ChargerEventJson.NameOf(s.StateCode),
                pilot = s.Pilot,
                cable_present = s.CablePresent,
                relay = s.Relay,
                cable_lock = s.CableLock,
                pwm_duty = s.PwmDuty,
                max_current_amps = s.MaxCurrentAmps,
                cable_rating_amps = s.CableRatingAmps,
                authorized = s.Authorized,
                power_board = s.PowerBoard,
                received_at = s.ReceivedAt,
                age_seconds = Math.Round((now - s.ReceivedAt).TotalSeconds, 3),
                freshness = current.Freshness,
                link_up = current.Link?.IsUp ?? false,
            },
        };
        return data;
    }

    private static int? Flag(bool? value) => value switch
    {
        true => 1,
        false => 0,
        null => null,
    };
}
