using System.Diagnostics.Metrics;
using System.Net;
using Charger.Host.Metrics;
using Charger.Tests.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Charger.Tests.Host.Metrics;

/// <summary>/metrics over a real Kestrel socket, as Prometheus would scrape it.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_are_served_as_prometheus_text()
    {
        var meterName = $"Charger.Endpoint{Guid.NewGuid():N}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddPrometheusMetrics(o => o.MeterPrefix = meterName);
        await using var app = builder.Build();
        app.MapPrometheusMetrics();
        // Recorded after the endpoint is mapped (which creates the collector) and before the first scrape.
        using var meter = new Meter(meterName);
        meter.CreateCounter<int>("charger.http.requests").Add(4, new KeyValuePair<string, object?>("route", "/api/status"));
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient { BaseAddress = new Uri(address) };

            using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
            var scrape = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            Assert.Equal(4, scrape.Value("charger_http_requests_total", ("route", "/api/status")));
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
