using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Charger.Host.Logging;

namespace Charger.Tests.Host.Logging;

/// <summary>No API key, bearer token or query-string token ever reaches a log line: not in the file, not in any provider.</summary>
public sealed class SecretRedactionTests
{
    [Fact]
    public async Task Keys_bearer_tokens_and_query_tokens_reach_no_log_line()
    {
        const string wrongKey = "not-the-key-but-still-secret-f00dfeed";
        const string queryToken = "query-token-secret-c0ffee0123456789";
        await using var host = await LoggingHost.StartAsync(s => s.Logging.Level = "Verbose");

        var requests = new List<HttpRequestMessage>
        {
            Request(HttpMethod.Get, $"/api/status?token={LoggingHost.ControlKey}", apiKey: LoggingHost.ControlKey),
            Request(HttpMethod.Get, $"/api/status?token={queryToken}&api_key={LoggingHost.ControlKey}", bearer: LoggingHost.ControlKey),
            Request(HttpMethod.Post, $"/api/charge/stop?token={queryToken}", bearer: LoggingHost.ControlKey, body: "{}"),
            Request(HttpMethod.Post, $"/api/maxcurrent?token={queryToken}", apiKey: LoggingHost.ControlKey, body: "{\"amperage\": 1000}"),
            Request(HttpMethod.Post, "/api/charge/start", apiKey: wrongKey, body: "{}"),
            Request(HttpMethod.Get, $"/api/status?token={wrongKey}", bearer: wrongKey),
            Request(HttpMethod.Get, $"/no/such/route?token={queryToken}", apiKey: LoggingHost.ControlKey),
            Request(HttpMethod.Get, $"/metrics?token={queryToken}", bearer: LoggingHost.ControlKey),
        };
        var requestIds = new List<string>();
        foreach (var request in requests)
        {
            using var response = await host.Client.SendAsync(request);
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            requestIds.Add(Assert.Single(response.Headers.GetValues(RequestLogging.RequestIdHeader)));
            request.Dispose();
        }
        await host.StopAsync();

        var fileLines = host.FileLines();
        var recorded = host.Recording.Entries.ToList();
        // The requests were logged (so there was something to leak) ...
        foreach (var id in requestIds)
            Assert.Contains(fileLines, l => l.Contains(id, StringComparison.Ordinal) && l.Contains("\"RequestPath\"", StringComparison.Ordinal));
        Assert.Contains(recorded, e => e.Category == AuditLog.Category);
        // ... and no secret is in any of it.
        foreach (var secret in new[] { LoggingHost.ControlKey, wrongKey, queryToken, "token=", "Bearer" })
        {
            Assert.DoesNotContain(fileLines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(recorded, e => e.AllText().Contains(secret, StringComparison.Ordinal));
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string uri, string? apiKey = null, string? bearer = null, string? body = null)
    {
        var request = new HttpRequestMessage(method, uri);
        if (apiKey is not null) request.Headers.Add("X-API-Key", apiKey);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return request;
    }
}
