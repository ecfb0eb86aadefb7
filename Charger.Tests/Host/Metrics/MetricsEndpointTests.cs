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

/// <summary>/metrics over a real Kestrel socket, as Prometheus would scrape it, from OpenTelemetry's exporter.</summary>
public sealed class MetricsEndpointTests
{
    private sealed record Host(WebApplication App, HttpClient Http, Meter Meter) : IAsyncDisposable
    {
        public async Task<(HttpResponseMessage Response, PrometheusScrape Scrape)> ScrapeAsync()
        {
            var response = await Http.GetAsync(new Uri("/metrics", UriKind.Relative));
            return (response, PrometheusText.Parse(await response.Content.ReadAsStringAsync()));
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    private static async Task<Host> StartAsync(string meterName)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddChargerMetrics(meterName, otlpEndpoint: null);
        var app = builder.Build();
        app.MapChargerMetrics();
        await app.StartAsync();
        var meter = app.Services.GetRequiredService<IMeterFactory>().Create(meterName);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Host(app, new HttpClient { BaseAddress = new Uri(address) }, meter);
    }

    [Fact]
    public async Task Metrics_are_served_as_prometheus_text_with_the_documented_names()
    {
        await using var host = await StartAsync("Charger");
        host.Meter.CreateCounter<int>("charger.http.requests", description: "requests").Add(4, new KeyValuePair<string, object?>("route", "/api/status"));
        host.Meter.CreateHistogram("charger.http.request.duration", "s", "duration", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] }).Record(0.5);
        host.Meter.CreateObservableGauge("charger.status.age", () => 2.5, "s", "age");

        var (response, scrape) = await host.ScrapeAsync();
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        }

        Assert.Equal(4, scrape.Value("charger_http_requests_total", ("route", "/api/status")));
        Assert.Equal("counter", scrape.Families["charger_http_requests_total"].Type);
        Assert.Equal(2.5, scrape.Value("charger_status_age_seconds"));
        Assert.Equal("histogram", scrape.Families["charger_http_request_duration_seconds"].Type);
        Assert.Equal(0, scrape.Value("charger_http_request_duration_seconds_bucket", ("le", "0.1")));
        Assert.Equal(1, scrape.Value("charger_http_request_duration_seconds_bucket", ("le", "1")));
        Assert.Equal(0.5, scrape.Value("charger_http_request_duration_seconds_sum"));
        // The exporter names the meter on each of its samples.
        Assert.All(scrape.Named("charger_http_requests_total"), s => Assert.Equal("Charger", s.Labels["otel_scope_name"]));
    }

    [Fact]
    public async Task The_runtime_and_process_instruments_are_exported_too()
    {
        await using var host = await StartAsync("Charger");
        var (response, scrape) = await host.ScrapeAsync();
        response.Dispose();

        Assert.Equal("counter", scrape.Families["dotnet_gc_collections_total"].Type);
        Assert.Contains(scrape.Named("dotnet_gc_collections_total"), s => s.Labels["gc_heap_generation"] == "gen0");
        Assert.True(scrape.Value("dotnet_thread_pool_thread_count") >= 1);
        Assert.True(scrape.Value("dotnet_process_memory_working_set_bytes") > 0);
        Assert.True(scrape.Value("process_cpu_time_seconds_total", ("cpu_mode", "user")) > 0);
        Assert.True(scrape.Value("process_unix_file_descriptor_count") > 0);
    }

    [Fact]
    public async Task A_host_exports_only_the_meter_its_own_factory_made()
    {
        // Tests run several daemons in one process, each with a meter called Charger.
        await using var first = await StartAsync("Charger");
        await using var second = await StartAsync("Charger");
        first.Meter.CreateCounter<long>("charger.commands").Add(1);
        second.Meter.CreateCounter<long>("charger.commands").Add(10);
        using var stray = new Meter("Charger"); // not made by any host's factory
        stray.CreateCounter<long>("charger.commands").Add(100);

        var (r1, firstScrape) = await first.ScrapeAsync();
        var (r2, secondScrape) = await second.ScrapeAsync();
        r1.Dispose();
        r2.Dispose();

        Assert.Equal(1, firstScrape.Value("charger_commands_total"));
        Assert.Equal(10, secondScrape.Value("charger_commands_total"));
    }
}
