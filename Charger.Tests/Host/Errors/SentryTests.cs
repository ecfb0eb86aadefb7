using System.IO.Compression;
using System.Text;
using System.Threading.Channels;
using Charger.Host.Configuration.Settings;
using Charger.Tests.Host.EndToEnd;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Charger.Tests.Host.Errors;

/// <summary>
/// errors.sentry-dsn pointing at a local HTTP listener: an injected actor crash (a webhook subscriber whose receiver
/// answers 500, with no retries, so its actor fails and is restarted) arrives as a Sentry envelope with the charger
/// and the actor path as tags, and none of the daemon's keys or secrets in it.
/// </summary>
public sealed class SentryTests
{
    private const string WebhookSecret = "webhook-secret-0123456789abcdef";
    private const string SentryPublicKey = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task An_actor_crash_reaches_the_sentry_dsn_with_the_charger_and_actor_path_and_no_secret()
    {
        var envelopes = Channel.CreateUnbounded<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var sentry = builder.Build();
        sentry.MapPost("/api/{project}/envelope/", async (HttpContext context) =>
        {
            Stream body = context.Request.Body;
            if (context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
                body = new GZipStream(body, CompressionMode.Decompress);
            using var reader = new StreamReader(body, Encoding.UTF8);
            await envelopes.Writer.WriteAsync(await reader.ReadToEndAsync());
            return Results.Ok(new { id = Guid.NewGuid().ToString("N") });
        });
        sentry.MapPost("/hook", () => Results.StatusCode(500));
        await sentry.StartAsync();
        var address = sentry.Urls.First();
        var port = new Uri(address).Port;

        await using var daemon = await RunningDaemon.StartAsync(s =>
        {
            s.Errors.SentryDsn = $"http://{SentryPublicKey}@127.0.0.1:{port}/42";
            s.Errors.Environment = "test";
            s.Subscribers.MaxRetries = 0;
            s.Subscribers.Webhooks.Add(new WebhookSettings { Name = "hook", Url = $"{address}/hook", Secret = WebhookSecret });
        });
        daemon.Device.Execute("plug 32");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string crash;
        while (true)
        {
            var envelope = await envelopes.Reader.ReadAsync(timeout.Token);
            if (envelope.Contains("subscribers/hook", StringComparison.Ordinal) && envelope.Contains("\"charger_id\":\"cp-1\"", StringComparison.Ordinal))
            {
                crash = envelope;
                break;
            }
        }
        Assert.Contains("\"actor_path\":\"akka://charger/user/chargers/cp-1/subscribers/hook", crash);
        Assert.Contains("SubscriberDeliveryException", crash);
        Assert.Contains("\"environment\":\"test\"", crash);
        Assert.DoesNotContain(RunningDaemon.ControlKey, crash);
        Assert.DoesNotContain(RunningDaemon.ReadKey, crash);
        Assert.DoesNotContain(WebhookSecret, crash);
    }
}
