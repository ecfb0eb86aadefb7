using System.Net;
using System.Text;

namespace Charger.Tests.Host.EndToEnd;

public sealed class RateLimitTests
{
    [Fact]
    public async Task The_eleventh_control_request_in_a_minute_is_429_with_retry_after_per_key()
    {
        await using var daemon = await RunningDaemon.StartAsync();
        // Invalid bodies: the limiter counts requests before the handler looks at them, and nothing reaches the charger.
        for (var i = 1; i <= 10; i++)
        {
            using var response = await daemon.Control.PostAsync("/api/maxcurrent", new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        }
        using var limited = await daemon.Control.PostAsync("/api/charge/stop", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After missing");
        Assert.Contains("RATE_LIMITED", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another client (no key: partitioned by address) and reads are not affected.
        using var reads = await daemon.Reader.GetAsync("/api/current/available");
        Assert.Equal(HttpStatusCode.OK, reads.StatusCode);
    }
}
