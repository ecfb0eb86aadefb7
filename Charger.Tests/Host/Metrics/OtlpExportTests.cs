using System.Net;
using System.Text;
using System.Threading.Channels;
using Charger.Tests.Host.EndToEnd;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Charger.Tests.Host.Metrics;

/// <summary>
/// With <c>metrics.otlp.endpoint</c> set, the daemon pushes its meters to that collector: a small OTLP/HTTP
/// receiver on 127.0.0.1 takes the exporter's POST to <c>/v1/metrics</c> (protobuf, whose strings are plain UTF-8).
/// </summary>
public sealed class OtlpExportTests
{
    private sealed record Export(string Path, string? ContentType, byte[] Body);

    [Fact]
    public async Task The_daemon_pushes_the_charger_meter_to_the_configured_collector()
    {
        var received = Channel.CreateUnbounded<Export>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var collector = builder.Build();
        collector.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            await received.Writer.WriteAsync(new Export(context.Request.Path, context.Request.ContentType, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
            return Results.Ok(); // an empty ExportMetricsServiceResponse
        });
        await collector.StartAsync();

        // The base address, as an operator writes it: /v1/metrics is appended.
        await using var daemon = await RunningDaemon.StartAsync(s => s.Metrics.Otlp.Endpoint = collector.Urls.Single());
        await daemon.AwaitStateAsync(1);
        using (var status = await daemon.Reader.GetAsync("/api/status")) Assert.Equal(HttpStatusCode.OK, status.StatusCode);

        // The periodic reader pushes once a minute; a flush pushes now, over the same exporter and socket. Its
        // result is not asserted: it is false whenever any reader cannot flush, and the Prometheus reader, pulled
        // by scrapes, never can.
        daemon.App.Services.GetRequiredService<MeterProvider>().ForceFlush(30_000);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var export = await received.Reader.ReadAsync(timeout.Token);
        var payload = Encoding.UTF8.GetString(export.Body);
        Assert.Equal("/v1/metrics", export.Path);
        Assert.Equal("application/x-protobuf", export.ContentType);
        Assert.Contains("Charger", payload, StringComparison.Ordinal); // the scope (meter) name
        Assert.Contains("charger.http.requests", payload, StringComparison.Ordinal);
        Assert.Contains("charger.link.up", payload, StringComparison.Ordinal);
        Assert.Contains("/api/status", payload, StringComparison.Ordinal); // a label value of a point
        Assert.Contains("charger", payload, StringComparison.Ordinal); // service.name
    }
}
