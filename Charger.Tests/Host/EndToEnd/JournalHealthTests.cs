using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Charger.Host.Daemon;
using Microsoft.Extensions.DependencyInjection;

namespace Charger.Tests.Host.EndToEnd;

/// <summary>A session journal that cannot write makes the daemon degraded, not unready: the charger is still controlled.</summary>
public sealed class JournalHealthTests
{
    [Fact]
    public async Task Readiness_says_degraded_with_the_reason_while_the_journal_cannot_write_and_ready_again_after()
    {
        await using var daemon = await RunningDaemon.StartAsync();
        await daemon.AwaitStateAsync(1);
        var health = daemon.App.Services.GetRequiredService<ChargerRuntime>().JournalHealth;

        health.Failed("charger cp-1", new IOException("database or disk is full"));
        using (var response = await daemon.Anonymous.GetAsync("/health/ready"))
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("degraded", body.GetProperty("status").GetString());
            Assert.Contains(body.GetProperty("reasons").EnumerateArray(),
                r => r.GetString()!.Contains("session journal cannot write", StringComparison.Ordinal) && r.GetString()!.Contains("disk is full", StringComparison.Ordinal));
        }

        health.Succeeded();
        using (var response = await daemon.Anonymous.GetAsync("/health/ready"))
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ready", body.GetProperty("status").GetString());
        }
    }
}
