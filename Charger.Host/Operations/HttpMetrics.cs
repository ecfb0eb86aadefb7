namespace Charger.Host.Operations;

/// <summary>
/// Counts every HTTP request by method, route template and status code, and times it. The route is
/// the matched endpoint's template (<c>/api/chargers/{id}/status</c>), never the raw path, so a
/// client cannot create series by inventing URLs; a request that matched no endpoint is
/// <c>unmatched</c>. Put it first, before the error middleware, so errors it writes are counted too.
/// </summary>
public static class HttpMetrics
{
    public const string Unmatched = "unmatched";

    public static IApplicationBuilder UseHttpMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<ChargerMetrics>();
        var time = app.ApplicationServices.GetRequiredService<TimeProvider>();
        app.Use(async (context, next) =>
        {
            var started = time.GetTimestamp();
            var status = 500; // what the server answers when an exception gets past every handler
            try
            {
                await next(context);
                status = context.Response.StatusCode;
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? Unmatched;
                // A live event stream lasts as long as the client stays; its length is no request latency.
                var streamed = context.Response.ContentType?.StartsWith(EventStreamEndpoints.ContentType, StringComparison.Ordinal) == true;
                metrics.RecordRequest(context.Request.Method, route, status, streamed ? null : time.GetElapsedTime(started));
            }
        });
        return app;
    }
}
