using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Charger.Host.Metrics;

/// <summary>Puts the collector into an ASP.NET Core app: one singleton, served at <c>/metrics</c>.</summary>
public static class MetricsWiring
{
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services, Action<MetricsCollectorOptions>? configure = null)
    {
        var options = new MetricsCollectorOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(provider => new MetricsCollector(options, provider.GetService<ILogger<MetricsCollector>>(),
            options.ScopeToHost ? provider.GetRequiredService<IMeterFactory>() : null));
        return services;
    }

    /// <summary>
    /// Maps GET <paramref name="pattern"/> to a scrape. Resolves the collector here, at start-up, because
    /// it only counts measurements made after it exists.
    /// </summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        var collector = endpoints.ServiceProvider.GetRequiredService<MetricsCollector>();
        return endpoints.MapGet(pattern, async context =>
        {
            context.Response.ContentType = PrometheusTextWriter.ContentType;
            await context.Response.WriteAsync(collector.Scrape(), context.RequestAborted);
        });
    }
}
