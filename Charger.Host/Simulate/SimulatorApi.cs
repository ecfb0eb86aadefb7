using Charger.Host.Http;
using Charger.Host.Security;

namespace Charger.Host.Simulate;

/// <summary>
/// Only with <c>run --simulate</c>: <c>POST /api/simulator</c> with <c>{"command": "plug 32"}</c> runs
/// one console command on the simulated vehicle or ESP32, so the whole system can be tried with curl.
/// </summary>
public static class SimulatorApi
{
    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/simulator", async (HttpContext context, SimulatedDevice device, TimeProvider time) =>
        {
            var (body, error) = await RequestBody.ReadAsync(context.Request, time, emptyIsObject: false);
            if (error is not null) return error;
            var (command, invalid) = body!.OptionalString("command", 200, time);
            if (invalid is not null) return invalid;
            if (string.IsNullOrWhiteSpace(command))
                return ApiResponse.Error(422, ErrorCodes.ValidationFailed, $"'command' is required. {SimulatorConsole.Help}", time, new { field = "command" });
            var reply = device.Execute(command);
            return reply.StartsWith("error:", StringComparison.Ordinal)
                ? ApiResponse.Error(422, ErrorCodes.ValidationFailed, reply, time, new { field = "command" })
                : ApiResponse.Ok(reply, new { command, device = device.DevicePath }, time);
        }).RequireRole(ApiRole.Control).WithTags("Simulator (run --simulate only)");
        return app;
    }
}
