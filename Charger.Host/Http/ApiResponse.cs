using System.Text.Json.Serialization;

namespace Charger.Host.Http;

/// <summary>
/// The predecessor's envelope, <c>{success, message, data, timestamp}</c>, kept so its clients work,
/// plus <c>error_code</c> on failures: a stable name (<see cref="ErrorCodes"/>) to branch on
/// instead of the English message.
/// </summary>
public sealed record ApiResponse(bool Success, string Message, object? Data, DateTimeOffset Timestamp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorCode = null)
{
    public static IResult Ok(string message, object? data, TimeProvider time) =>
        new ApiJsonResult(new ApiResponse(true, message, data, time.GetUtcNow()));

    public static IResult Error(int status, string code, string message, TimeProvider time, object? data = null) =>
        new ApiJsonResult(new ApiResponse(false, message, data, time.GetUtcNow(), code), status);

    /// <summary>For middleware, which writes responses itself.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string code, string message, object? data = null)
    {
        var time = context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        return Error(status, code, message, time, data).ExecuteAsync(context);
    }
}
