using System.Net;
using System.Text;
using Charger.Host.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Charger.Tests.Host.Logging;

public sealed class RequestLoggingTests
{
    [Fact]
    public async Task Each_request_is_one_structured_line_with_its_route_template_request_id_status_duration_key_id_and_role()
    {
        await using var host = await LoggingHost.StartAsync(s => s.Logging.Level = "Information");

        using var keyed = new HttpRequestMessage(HttpMethod.Get, "/api/current/available?verbose=1") { Headers = { { "X-API-Key", LoggingHost.ControlKey } } };
        using var ok = await host.Client.SendAsync(keyed);
        using var anonymous = await host.Client.GetAsync("/api/status");
        using var missing = await host.Client.GetAsync("/api/nothing-here");
        await host.StopAsync();

        var requests = host.FileLines().Select(JsonLogLine.Parse).Where(l => l.Property("SourceContext") == RequestLogging.Category).ToList();
        Assert.Equal(3, requests.Count);

        var first = Line(requests, ok);
        Assert.Equal("Information", first.Level);
        Assert.Equal(RequestLogging.Template, first.MessageTemplate);
        Assert.Equal("GET", first.Property("RequestMethod"));
        Assert.Equal("/api/current/available", first.Property("RequestPath"));
        Assert.Equal(((int)ok.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), first.Property("StatusCode"));
        Assert.Equal("/api/current/available", first.Property("Route")); // the endpoint's route template
        Assert.True(double.Parse(first.Property("Elapsed")!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.Equal("127.0.0.1", first.Property("ClientAddress"));
        Assert.Equal("simulate", first.Property("KeyId")); // the id of the key, read after the security middleware ran
        Assert.Equal("Control", first.Property("Role"));
        Assert.Equal("charger", first.Property("Application"));
        Assert.Matches(@"^HTTP GET /api/current/available responded \d{3} in \d+(\.\d+)? ms \(request [^ ]+ from 127\.0\.0\.1, key simulate, role Control\)$", first.RenderedMessage);

        var second = Line(requests, anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Information", second.Level); // a polled read, but refused for its key: worth seeing
        Assert.Equal("/api/status", second.Property("Route"));
        Assert.Equal("401", second.Property("StatusCode"));
        Assert.Equal("null", second.Property("KeyId"));
        Assert.Equal("null", second.Property("Role"));

        var third = Line(requests, missing);
        Assert.Equal("404", third.Property("StatusCode")); // written by the error middleware outside ours: the line has the final status
        Assert.Equal("/api/nothing-here", third.Property("RequestPath"));
        Assert.Equal("/api/nothing-here", third.Property("Route")); // no endpoint matched: the (printable) path

        Assert.Equal(3, requests.Select(r => r.Property("RequestId")).Distinct().Count());
    }

    [Fact]
    public async Task A_command_writes_an_audit_line_carrying_the_request_id()
    {
        await using var host = await LoggingHost.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/charge/start")
        {
            Headers = { { "X-API-Key", LoggingHost.ControlKey } },
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        using var response = await host.Client.SendAsync(request);
        var requestId = Assert.Single(response.Headers.GetValues(RequestLogging.RequestIdHeader));
        await host.StopAsync();

        var audit = Assert.Single(host.FileLines().Select(JsonLogLine.Parse), l => l.Property("SourceContext") == AuditLog.Category);
        Assert.Equal("Information", audit.Level);
        Assert.Equal(AuditLog.Template, audit.MessageTemplate);
        Assert.Equal("true", audit.Property("Audit"));
        Assert.Equal("start", audit.Property("Command"), ignoreCase: true);
        Assert.Equal("cp-1", audit.Property("ChargerId"));
        Assert.Equal("simulate", audit.Property("KeyId"));
        Assert.Equal("127.0.0.1", audit.Property("ClientAddress"));
        Assert.False(string.IsNullOrEmpty(audit.Property("Result")));
        Assert.Equal($"Audit: command {audit.Property("Command")} on charger cp-1 by key simulate from 127.0.0.1: {audit.Property("Result")}", audit.RenderedMessage);
        Assert.Equal(requestId, audit.Property("RequestId")); // from the request's logging scope

        var recorded = Assert.Single(host.Recording.Entries, e => e.Category == AuditLog.Category);
        Assert.Equal(true, recorded.Properties["Audit"]);
        Assert.Equal(requestId, recorded.Properties["RequestId"]);
    }

    [Fact]
    public async Task Probes_scrapes_and_polled_status_reads_log_at_debug_so_they_do_not_flood_the_log_at_information()
    {
        await using var quiet = await LoggingHost.StartAsync(s => s.Logging.Level = "Information");
        await using var verbose = await LoggingHost.StartAsync(s => s.Logging.Level = "Debug");
        foreach (var host in new[] { quiet, verbose })
        {
            foreach (var path in new[] { "/health/live", "/health/ready", "/metrics", "/api/status", "/api/health", "/api/chargers/cp-1/status", "/api/current/available" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "X-API-Key", LoggingHost.ControlKey } } };
                using var response = await host.Client.SendAsync(request);
            }
            await host.StopAsync();
        }

        static Dictionary<string, string> Levels(LoggingHost host) => host.FileLines().Select(JsonLogLine.Parse)
            .Where(l => l.Property("SourceContext") == RequestLogging.Category)
            .ToDictionary(l => l.Property("RequestPath")!, l => l.Level);
        Assert.Equal(new Dictionary<string, string> { ["/api/current/available"] = "Information" }, Levels(quiet));
        Assert.Equal(new Dictionary<string, string>
        {
            ["/health/live"] = "Debug",
            ["/health/ready"] = "Debug",
            ["/metrics"] = "Debug",
            ["/api/status"] = "Debug",
            ["/api/health"] = "Debug",
            ["/api/chargers/cp-1/status"] = "Debug",
            ["/api/current/available"] = "Information",
        }, Levels(verbose));
    }

    [Fact]
    public async Task The_last_lines_before_shutdown_reach_the_file()
    {
        await using var host = await LoggingHost.StartAsync();
        var logger = host.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Charger.Tests");
        for (var i = 0; i < 500; i++) logger.LogInformation("Line {Number} before shutdown", i);
        await host.StopAsync();

        var lines = host.FileLines().Select(JsonLogLine.Parse).ToList();
        Assert.Equal(500, lines.Count(l => l.MessageTemplate == "Line {Number} before shutdown"));
        Assert.Contains(lines, l => l.RenderedMessage.StartsWith("Coordinated shutdown started", StringComparison.Ordinal)); // logged while stopping
    }

    [Theory]
    [InlineData("/health/live", true)]
    [InlineData("/HEALTH/READY", true)]
    [InlineData("/metrics/", true)]
    [InlineData("/metrics/extra", false)]
    [InlineData("/api/health", false)]
    public void Quiet_paths(string path, bool quiet) => Assert.Equal(quiet, RequestLogging.IsQuiet(path));

    [Fact]
    public void Control_characters_in_a_path_cannot_forge_a_line()
    {
        Assert.Equal("/api/status", RequestLogging.Printable("/api/status"));
        Assert.Equal("/x\\u000a<3>forged\\u000d", RequestLogging.Printable("/x\n<3>forged\r"));
    }

    private static JsonLogLine Line(List<JsonLogLine> lines, HttpResponseMessage response)
    {
        var id = Assert.Single(response.Headers.GetValues(RequestLogging.RequestIdHeader));
        return Assert.Single(lines, l => l.Property("RequestId") == id);
    }
}
