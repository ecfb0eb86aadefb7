using System.Globalization;
using Charger.Host.Daemon;
using Charger.Host.Security;

namespace Charger.Host.Http;

/// <summary>
/// <c>GET /api/chargers/{id}/frames?limit=</c> (read key): the serial flight recorder's last frames,
/// decoded (<see cref="SerialFrameView"/>), oldest first, for the dashboard's charger page and for whoever
/// debugs a link without a shell on the station. Reads the recorder's copy; no actor is asked.
/// </summary>
public static class SerialFramesApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapSerialFramesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/chargers/{id}/frames", (HttpContext context, string id, ChargerRuntime runtime, TimeProvider time) =>
            {
                var text = context.Request.Query["limit"].ToString();
                var limit = DefaultLimit;
                if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
                    return ApiResponse.Error(400, ErrorCodes.ValidationFailed, $"limit must be a whole number from 1 to {MaxLimit}, got '{text}'.", time,
                        new { field = "limit" });
                if (!runtime.HasStarted || !runtime.Registry.TryGet(id, out var handle))
                    return ApiResponse.Error(404, ErrorCodes.UnknownCharger, $"There is no charger '{id}'.", time);
                var recorder = handle.Recorder;
                var frames = SerialFrameView.From(recorder.Snapshot(), time, limit);
                return ApiResponse.Ok($"{frames.Count} frames", new
                {
                    charger_id = handle.Id,
                    frames,
                    capacity_bytes = recorder.CapacityBytes,
                    dropped_bytes = recorder.DroppedBytes,
                }, time);
            })
            .WithTags("Chargers by id")
            .RequireRole(ApiRole.Read).RequireRateLimiting(ApiSecurity.ReadPolicy);
        return app;
    }
}
