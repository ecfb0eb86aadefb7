using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Charger.Actors.Charging;
using Charger.Actors.Station;
using Charger.Actors.Subscribers;

namespace Charger.Host.Http;

/// <summary>
/// The 200 body of <c>GET /api/status</c>, byte for byte what <see cref="StatusData.From"/> in an
/// <see cref="ApiResponse"/> serializes to, without serializing it per request (issue 19: the reflection
/// serializer of a dictionary with boxed values was half of a request's cost). The part that follows from the
/// status snapshot the tracker publishes (all STAT fields, the charger view up to <c>received_at</c>, the
/// freshness and the link flag) is encoded once per snapshot and cached per charger; per request only the age, the
/// meter (when the charger has one) and the envelope's timestamp are written. The cache is keyed by the snapshot
/// object itself, its freshness and the link flag, all read for the request, so a response never shows another
/// snapshot than the one the request read, and the first request after a change encodes the new one.
/// </summary>
public static class StatusBody
{
    private const string Message = "Status retrieved successfully";

    /// <summary>Per charger handle (reference identity), so several daemons in one process never share an entry.</summary>
    private static readonly ConditionalWeakTable<ChargerHandle, Slot> Slots = new();

    /// <summary>The encoded parts of one snapshot: what comes before the age, and from after it to the meter's value.</summary>
    internal sealed record Encoded(ChargerStatus Status, StatusFreshness Freshness, bool LinkUp, byte[] Head, byte[] Middle);

    private sealed class Slot
    {
        public volatile Encoded? Current;
    }

    /// <summary>The result for a charger of this node with <paramref name="status"/> over a live link.</summary>
    public static IResult Ok(ChargerHandle handle, ChargerStatus status, StatusFreshness freshness, bool linkUp, DateTimeOffset now) =>
        new Result(handle, For(handle, status, freshness, linkUp), now);

    /// <summary>The cached parts for this snapshot, encoded now if the cache holds another one.</summary>
    internal static Encoded For(ChargerHandle handle, ChargerStatus status, StatusFreshness freshness, bool linkUp)
    {
        var slot = Slots.GetValue(handle, static _ => new Slot());
        var current = slot.Current;
        if (current is not null && ReferenceEquals(current.Status, status) && current.Freshness == freshness && current.LinkUp == linkUp)
            return current;
        // Racing requests may each encode and store; a slower one may even store an older snapshot over a newer one.
        // Harmless: an entry is only ever served for the very snapshot it was made from, a mismatch just encodes again.
        var encoded = Encode(handle.Id, status, freshness, linkUp);
        slot.Current = encoded;
        return encoded;
    }

    /// <summary>Writes the whole body for <paramref name="now"/> into <paramref name="output"/>.</summary>
    internal static void Write(ArrayBufferWriter<byte> output, Utf8JsonWriter json, Encoded encoded, Actors.Metering.MeterMonitor? meter, DateTimeOffset now)
    {
        output.Write(encoded.Head);
        json.Reset(output);
        json.WriteNumberValue(Math.Round((now - encoded.Status.ReceivedAt).TotalSeconds, 3));
        json.Flush();
        output.Write(encoded.Middle);
        json.Reset(output);
        if (meter is null) json.WriteNullValue();
        else JsonSerializer.Serialize(json, MeterData.From(meter, now), ApiJson.Options);
        json.Flush();
        output.Write("},\"timestamp\":"u8);
        json.Reset(output);
        json.WriteStringValue(now);
        json.Flush();
        output.Write("}"u8);
    }

    // The same fields, order and encodings as StatusData.From inside ApiResponse (StatusBodyTests compares the bytes).
    private static Encoded Encode(string chargerId, ChargerStatus s, StatusFreshness freshness, bool linkUp)
    {
        var head = new ArrayBufferWriter<byte>(1024);
        Raw(head, "{\"success\":true,\"message\":");
        Value(head, Message);
        Raw(head, ",\"data\":{");
        Property(head, "CP", (int?)s.Pilot, first: true);
        Property(head, "CPV", s.PilotAdcCounts);
        Property(head, "PP", Flag(s.CablePresent));
        Property(head, "PPV", s.ProximityAdcCounts);
        Property(head, "RL", Flag(s.RelayFlag));
        Property(head, "LOCK", Flag(s.LockFlag));
        Property(head, "MOTOR", Flag(s.FaultUnlockDone));
        Property(head, "PWM", s.PwmDuty);
        Property(head, "MAX", s.MaxCurrentAmps);
        Property(head, "CABLE", s.CableRatingAmps);
        Property(head, "AUTH", Flag(s.Authorized));
        Property(head, "STATE", s.StateCode);
        Property(head, "PB", (int?)s.PowerBoard);
        Property(head, "STATE_NAME", ChargerEventJson.NameOf(s.StateCode) ?? $"UNKNOWN_{s.StateCode}");
        Property(head, "timestamp", s.ReceivedAt);
        Raw(head, ",\"charger\":{");
        Property(head, "id", chargerId, first: true);
        Property(head, "state", s.StateCode);
        Property(head, "state_name", ChargerEventJson.NameOf(s.StateCode));
        Property(head, "pilot", s.Pilot);
        Property(head, "cable_present", s.CablePresent);
        Property(head, "relay", s.Relay);
        Property(head, "cable_lock", s.CableLock);
        Property(head, "pwm_duty", s.PwmDuty);
        Property(head, "max_current_amps", s.MaxCurrentAmps);
        Property(head, "cable_rating_amps", s.CableRatingAmps);
        Property(head, "authorized", s.Authorized);
        Property(head, "power_board", s.PowerBoard);
        Property(head, "received_at", s.ReceivedAt);
        Raw(head, ",\"age_seconds\":");

        var middle = new ArrayBufferWriter<byte>(64);
        Property(middle, "freshness", freshness);
        Property(middle, "link_up", linkUp);
        Raw(middle, "},\"meter\":");
        return new Encoded(s, freshness, linkUp, head.WrittenSpan.ToArray(), middle.WrittenSpan.ToArray());
    }

    private static void Property<T>(ArrayBufferWriter<byte> output, string name, T value, bool first = false)
    {
        Raw(output, first ? $"\"{name}\":" : $",\"{name}\":");
        Value(output, value);
    }

    // Each value through the API's serializer options, so numbers, dates, enums and escaping are the serializer's own.
    private static void Value<T>(ArrayBufferWriter<byte> output, T value) =>
        output.Write(value is null ? "null"u8 : JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), ApiJson.Options));

    private static void Raw(ArrayBufferWriter<byte> output, string ascii) => output.Write(Encoding.UTF8.GetBytes(ascii));

    private static int? Flag(bool? value) => value switch
    {
        true => 1,
        false => 0,
        null => null,
    };

    /// <summary>Writes the body with its length: one buffer, no chunked framing, no serializer or logger per request.</summary>
    private sealed record Result(ChargerHandle Handle, Encoded Encoded, DateTimeOffset Now) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) =>
            ApiJsonResult.WriteAsync(httpContext, StatusCodes.Status200OK, this, static (output, json, result) =>
                Write(output, json, result.Encoded, result.Handle.Meter, result.Now));
    }
}
