using System.Globalization;
using System.Threading.RateLimiting;
using Charger.Host.Daemon;
using Charger.Host.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Charger.Host.Security;

/// <summary>
/// API keys and rate limits. A key comes in <c>X-API-Key</c> (the predecessor's header) or
/// <c>Authorization: Bearer</c> (what Prometheus and most tools send). Endpoints declare the role
/// they need (<see cref="RequiresRole"/>): control endpoints always need a control key; reads need a
/// key unless <c>http.public-reads</c> is on. Limits use the built-in limiter per key, else per
/// client address: 429 with Retry-After.
/// </summary>
public static class ApiSecurity
{
    public const string ControlPolicy = "control";
    public const string ReadPolicy = "read";

    private static readonly object IdentityKey = new();

    public static ApiKeyIdentity? Identity(this HttpContext context) =>
        context.Items.TryGetValue(IdentityKey, out var identity) ? identity as ApiKeyIdentity : null;

    public static IServiceCollection AddApiSecurity(this IServiceCollection services, DaemonOptions options)
    {
        var limits = options.Settings.Http.RateLimit;
        services.AddRateLimiter(limiter =>
        {
            // The window's options made once per policy: a partition lookup allocates no factory per request.
            var control = WindowOptions(limits.ControlPerMinute);
            var read = WindowOptions(limits.ReadPerMinute);
            limiter.AddPolicy(ControlPolicy, context => Window(context, "control", control));
            limiter.AddPolicy(ReadPolicy, context => Window(context, "read", read));
            limiter.OnRejected = async (rejected, cancel) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ApiResponse.WriteErrorAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                    $"Rate limit exceeded; retry in {seconds} s.");
            };
        });
        return services;
    }

    // The partition is the key's id when a valid key came with the request, else the client address.
    private static RateLimitPartition<string> Window(HttpContext context, string kind, Func<string, FixedWindowRateLimiterOptions> options)
    {
        var partition = context.Identity() is { } id
            ? (kind == "read" ? id.ReadPartition : id.ControlPartition)
            : $"{kind}|ip:{context.Connection.RemoteIpAddress}";
        return RateLimitPartition.GetFixedWindowLimiter(partition, options);
    }

    private static Func<string, FixedWindowRateLimiterOptions> WindowOptions(int perMinute)
    {
        var options = new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        };
        return _ => options;
    }

    public static IApplicationBuilder UseApiSecurity(this WebApplication app)
    {
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        var publicReads = app.Services.GetRequiredService<DaemonOptions>().Settings.Http.PublicReads;
        app.Use(async (context, next) =>
        {
            var required = context.GetEndpoint()?.Metadata.GetMetadata<RequiresRole>()?.Role;
            var presented = PresentedKey(context);
            var identity = keys.Authenticate(presented);
            if (identity is not null) context.Items[IdentityKey] = identity;

            if (required is { } role && !(role == ApiRole.Read && publicReads && presented is null))
            {
                if (presented is null)
                {
                    await ApiResponse.WriteErrorAsync(context, 401, ErrorCodes.Unauthorized, "An API key is required: send it in the X-API-Key header.");
                    return;
                }
                if (identity is null)
                {
                    await ApiResponse.WriteErrorAsync(context, 401, ErrorCodes.Unauthorized, "The API key is not valid.");
                    return;
                }
                if (identity.Role < role)
                {
                    await ApiResponse.WriteErrorAsync(context, 403, ErrorCodes.Forbidden, $"The key '{identity.Id}' may not do this: it needs the {role.ToString().ToLowerInvariant()} role.");
                    return;
                }
            }
            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    private static string? PresentedKey(HttpContext context)
    {
        var header = context.Request.Headers["X-API-Key"].ToString();
        if (header.Length > 0) return header;
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
