using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Charger.Host.Metrics;

/// <summary>
/// The daemon's metrics on the OpenTelemetry SDK: the host's <c>Charger</c> meter, .NET's runtime meter
/// (GC, thread pool, JIT, locks) and the process' (CPU, memory, threads, open files), served to Prometheus
/// at <c>/metrics</c> by OpenTelemetry's Prometheus exporter and, when configured, pushed over OTLP/HTTP.
/// </summary>
/// <remarks>
/// Why not prometheus-net 8.2.1's <c>MeterAdapter</c> (tried on the same instruments, 2026-12-07): it prefixes the
/// meter's name (<c>charger_charger_http_requests</c>), serves counters as gauges without <c>_total</c> and drops
/// the unit (<c>charger_charger_status_age</c>), so every documented name and type would change, and it has no
/// OTLP. OpenTelemetry's exporter keeps them (<c>charger_http_requests_total</c> counter,
/// <c>charger_status_age_seconds</c>) and adds only the <c>otel_scope_name</c> label and <c>target_info</c>.
/// </remarks>
public static class OpenTelemetryMetrics
{
    /// <summary>The name OpenTelemetry's <c>IMetricsListener</c> registers under with the host's metrics builder.</summary>
    public const string ListenerName = "OpenTelemetry";

    /// <param name="meterName">The application meter to export; only the instance made by this host's <c>IMeterFactory</c>.</param>
    /// <param name="otlpEndpoint">The full OTLP/HTTP metrics URL (<c>.../v1/metrics</c>), or null for none.</param>
    public static IServiceCollection AddChargerMetrics(this IServiceCollection services, string meterName, Uri? otlpEndpoint)
    {
        // MeterScope.Local: a MeterListener sees every meter of the process, and tests run several daemons in one
        // process, each with its own Charger meter. Enabled through the host's metrics builder, the SDK takes only
        // the meters this host's IMeterFactory made (MeterProviderBuilder.AddMeter would take them all, by name).
        services.AddMetrics(metrics => metrics.EnableMetrics(meterName, instrumentName: null, ListenerName, MeterScope.Local));
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("charger"))
            .WithMetrics(metrics =>
            {
                metrics.AddRuntimeInstrumentation() // the System.Runtime meter of .NET 9 and later: process-wide, not per host
                    .AddProcessInstrumentation()
                    // Every scrape reads the current values, as Prometheus asks for them (the exporter caches 300 ms by default).
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlpEndpoint is not null)
                    metrics.AddOtlpExporter(o =>
                    {
                        o.Endpoint = otlpEndpoint;
                        o.Protocol = OtlpExportProtocol.HttpProtobuf;
                    });
            });
        return services;
    }

    /// <summary>GET <paramref name="pattern"/>: the Prometheus text (0.0.4, or OpenMetrics when the scraper asks for it).</summary>
    public static IEndpointConventionBuilder MapChargerMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics") =>
        endpoints.MapPrometheusScrapingEndpoint(pattern);
}
