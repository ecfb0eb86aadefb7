using System.Text.Json;
using System.Text.Json.Nodes;
using Charger.Host.Daemon;

namespace Charger.Host.Http;

/// <summary>
/// <c>/api/station/info</c>: the installer's description of the station (name, location, ...), a JSON
/// object kept in <c>station_info.json</c> in the data folder. Writes are atomic (temp file, then
/// rename) so a power cut leaves the old or the new file, never half of one. Unlike the predecessor,
/// writing needs a control key.
/// </summary>
public static class StationInfoStore
{
    public const string FileName = "station_info.json";

    private static readonly SemaphoreSlim WriteLock = new(1, 1);

    private static string PathOf(HttpContext context) =>
        Path.Combine(context.RequestServices.GetRequiredService<DaemonOptions>().DataDirectory, FileName);

    public static async Task<IResult> GetAsync(HttpContext context, TimeProvider time)
    {
        var path = PathOf(context);
        if (!File.Exists(path)) return ApiResponse.Error(404, ErrorCodes.NotFound, "Station info has not been set yet (POST /api/station/info).", time);
        var info = JsonNode.Parse(await File.ReadAllTextAsync(path, context.RequestAborted));
        return ApiResponse.Ok("Station info", info, time);
    }

    public static async Task<IResult> PostAsync(HttpContext context, TimeProvider time)
    {
        var (body, error) = await RequestBody.ReadAsync(context.Request, time, emptyIsObject: false);
        if (error is not null) return error;
        var info = JsonObject.Create(body!.Root)!;
        var path = PathOf(context);
        await WriteLock.WaitAsync(context.RequestAborted);
        try
        {
            var now = time.GetUtcNow();
            if (!info.ContainsKey("created_at"))
            {
                var previous = File.Exists(path) ? JsonNode.Parse(await File.ReadAllTextAsync(path))?["created_at"]?.DeepClone() : null;
                info["created_at"] = previous ?? JsonValue.Create(now);
            }
            info["updated_at"] = JsonValue.Create(now);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp";
            await File.WriteAllTextAsync(temp, info.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            WriteLock.Release();
        }
        return ApiResponse.Ok("Station info saved", info, time);
    }
}
