namespace Charger.Host.Http;

/// <summary>
/// Every failure leaves as the envelope: an unexpected exception is a 500 with no detail (the detail
/// goes to the log with the request id), an oversized body is a 413, and a request for no route a 404.
/// </summary>
public static class ApiErrorsMiddleware
{
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                var tooLarge = e.StatusCode == StatusCodes.Status413PayloadTooLarge;
                await ApiResponse.WriteErrorAsync(context, e.StatusCode, tooLarge ? ErrorCodes.BodyTooLarge : ErrorCodes.InvalidJson,
                    tooLarge ? "The request body is larger than http.max-body-bytes allows." : "The request could not be read.");
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; nothing to answer.
            }
            catch (Exception e) when (!context.Response.HasStarted)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Charger.Http")
                    .LogError(e, "Unhandled error in {Method} {Path} (request {RequestId})", context.Request.Method, context.Request.Path, context.TraceIdentifier);
                await ApiResponse.WriteErrorAsync(context, 500, ErrorCodes.InternalError, $"Internal server error (request {context.TraceIdentifier}).");
            }
            if (context.Response is { StatusCode: 404, HasStarted: false } && context.GetEndpoint() is null)
                await ApiResponse.WriteErrorAsync(context, 404, ErrorCodes.NotFound, $"No such endpoint: {context.Request.Method} {context.Request.Path}.");
        });
        return app;
    }

    /// <summary>Headers every response carries: no sniffing, no framing, no referrer, no caching of API data.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            var api = context.Request.Path.StartsWithSegments("/api");
            // The dashboard: scripts, styles, the event stream and API calls from the daemon's own origin only.
            headers.ContentSecurityPolicy = api
                ? "default-src 'none'; frame-ancestors 'none'"
                : "default-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'";
            if (api) headers.CacheControl = "no-store";
            return next(context);
        });
        return app;
    }
}
