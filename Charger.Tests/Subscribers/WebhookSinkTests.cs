using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Charger.Actors.Charging;
using Akka.Actor;
using Charger.Actors.Subscribers;
using Charger.Tests.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Charger.Tests.Subscribers;

/// <summary>The webhook sink against a real Kestrel receiver on a loopback port.</summary>
public sealed class WebhookSinkTests
{
    private static readonly ChargerEvent Started = new("cp-1", 7, ChargerEventType.ChargeStarted, DateTimeOffset.UtcNow, 3, 5);

    [Fact]
    public async Task Posts_the_event_as_json_with_event_delivery_and_user_agent_headers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var sink = new WebhookSink(new WebhookOptions { Url = receiver.Url("/hook") });

        await sink.EmitAsync(Started, CancellationToken.None);

        var request = await receiver.NextAsync();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hook", request.PathAndQuery);
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("cp-1", json.RootElement.GetProperty("charger_id").GetString());
        Assert.Equal(7, json.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal("CHARGE_STARTED", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(ChargerEventJson.SerializeToUtf8(Started), request.Body);
        Assert.Equal("CHARGE_STARTED", request.Header("X-Charger-Event"));
        Assert.Equal("cp-1:7", request.Header("X-Charger-Delivery"));
        Assert.Matches(@"^charger/\d+(\.\d+)*$", request.Header("User-Agent"));
    }

    [Fact]
    public async Task With_a_secret_the_signature_verifies_the_exact_body_and_a_tampered_body_fails()
    {
        const string secret = "s3cret-key";
        await using var receiver = await WebhookReceiver.StartAsync();
        using var sink = new WebhookSink(new WebhookOptions { Url = receiver.Url("/hook"), Secret = secret });

        await sink.EmitAsync(Started, CancellationToken.None);

        var request = await receiver.NextAsync();
        var signature = request.Header(WebhookSignature.HeaderName);
        Assert.NotNull(signature);
        Assert.Matches("^sha256=[0-9a-f]{64}$", signature);
        Assert.Equal(WebhookSignature.Compute(secret, request.Body), signature);
        Assert.True(WebhookSignature.Verify(secret, request.Body, signature));
        Assert.True(WebhookSignature.Verify(secret, request.Body, signature.ToUpperInvariant().Replace("SHA256=", "sha256=")));

        var tampered = (byte[])request.Body.Clone();
        tampered[^2] ^= 1;
        Assert.False(WebhookSignature.Verify(secret, tampered, signature));
        Assert.False(WebhookSignature.Verify("other-key", request.Body, signature));
        Assert.False(WebhookSignature.Verify(secret, request.Body, null));
        Assert.False(WebhookSignature.Verify(secret, request.Body, signature[..^2]));
        Assert.False(WebhookSignature.Verify(secret, request.Body, "sha1=" + signature["sha256=".Length..]));
    }

    [Fact]
    public async Task Without_a_secret_there_is_no_signature_header()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var sink = new WebhookSink(new WebhookOptions { Url = receiver.Url("/hook") });

        await sink.EmitAsync(Started, CancellationToken.None);

        var request = await receiver.NextAsync();
        Assert.Null(request.Header(WebhookSignature.HeaderName));
    }

    [Fact]
    public async Task Sends_the_configured_extra_headers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var sink = new WebhookSink(new WebhookOptions
        {
            Url = receiver.Url("/hook"),
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer receiver-token", ["X-Site"] = "garage" },
        });

        await sink.EmitAsync(Started, CancellationToken.None);

        var request = await receiver.NextAsync();
        Assert.Equal("Bearer receiver-token", request.Header("Authorization"));
        Assert.Equal("garage", request.Header("X-Site"));
    }

    [Fact]
    public async Task A_non_2xx_answer_throws_with_the_status_but_not_the_secret_the_query_or_the_whole_body()
    {
        const string secret = "s3cret-key";
        var answer = "database exploded " + new string('x', 400) + " END-OF-BODY";
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => Task.FromResult((500, (string?)answer)));
        using var sink = new WebhookSink(new WebhookOptions { Url = receiver.Url("/hook?token=query-token"), Secret = secret });

        var error = await Assert.ThrowsAsync<WebhookDeliveryException>(() => sink.EmitAsync(Started, CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.StartsWith("webhook answered 500 Internal Server Error: database exploded", error.Message);
        Assert.DoesNotContain(secret, error.Message);
        Assert.DoesNotContain("query-token", error.Message);
        Assert.DoesNotContain("127.0.0.1", error.Message);
        Assert.DoesNotContain("END-OF-BODY", error.Message);
        Assert.True(error.ResponseExcerpt!.Length <= WebhookDeliveryException.MaxExcerptLength + 1);
        Assert.Equal("/hook?token=query-token", (await receiver.NextAsync()).PathAndQuery);
    }

    [Fact]
    public async Task A_status_without_a_body_still_names_the_status()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => Task.FromResult((503, (string?)null)));
        using var sink = new WebhookSink(new WebhookOptions { Url = receiver.Url("/hook") });

        var error = await Assert.ThrowsAsync<WebhookDeliveryException>(() => sink.EmitAsync(Started, CancellationToken.None));

        Assert.Equal("webhook answered 503 Service Unavailable", error.Message);
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_is_a_timeout_not_a_cancellation()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await WebhookReceiver.StartAsync(async (_, aborted) =>
        {
            await release.Task.WaitAsync(aborted);
            return (200, null);
        });
        using var sink = new WebhookSink(new WebhookOptions { Url = receiver.Url("/hook"), Timeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<TimeoutException>(() => sink.EmitAsync(Started, CancellationToken.None));

        Assert.Contains("0.3 s", error.Message);
        release.SetResult();
    }

    [Fact]
    public async Task A_refused_connection_propagates_as_an_HttpRequestException()
    {
        Uri url;
        await using (var receiver = await WebhookReceiver.StartAsync()) url = receiver.Url("/hook");
        using var sink = new WebhookSink(new WebhookOptions { Url = url });

        await Assert.ThrowsAsync<HttpRequestException>(() => sink.EmitAsync(Started, CancellationToken.None));
    }

    [Fact]
    public void Options_print_neither_the_secret_nor_header_values_nor_the_query_nor_userinfo()
    {
        var options = new WebhookOptions
        {
            Url = new Uri("https://alice:hunter2@hooks.example:8443/charger/events?token=query-token#frag"),
            Secret = "s3cret-key",
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer receiver-token" },
        };

        var text = options.ToString();

        Assert.Contains("https://hooks.example:8443/charger/events", text);
        Assert.Contains("Authorization", text);
        foreach (var leak in new[] { "s3cret-key", "receiver-token", "query-token", "token=", "alice", "hunter2", "frag" })
            Assert.DoesNotContain(leak, text);
        using var sink = new WebhookSink(options);
        Assert.Equal("webhook https://hooks.example:8443/charger/events", sink.ToString());
    }

    [Theory]
    [InlineData("ftp://hooks.example/events", "url")]
    [InlineData("/events", "url")]
    [InlineData("events?token=query-token", "url")]
    [InlineData("file:///tmp/events", "url")]
    public void Validate_rejects_urls_that_are_not_absolute_http_or_https(string url, string field)
    {
        var options = new WebhookOptions { Url = new Uri(url, UriKind.RelativeOrAbsolute) };

        var error = Assert.Throws<ArgumentException>(() => options.Validate("subscribers.webhooks[0]"));

        Assert.StartsWith($"subscribers.webhooks[0].{field} must be an absolute http or https URL", error.Message);
        Assert.DoesNotContain("query-token", error.Message);
        Assert.Throws<ArgumentException>(() => new WebhookSink(options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_rejects_a_timeout_that_is_not_positive(int seconds)
    {
        var options = new WebhookOptions { Url = new Uri("https://hooks.example/events"), Timeout = TimeSpan.FromSeconds(seconds) };

        var error = Assert.Throws<ArgumentException>(() => options.Validate("subscribers.webhooks[0]"));

        Assert.StartsWith("subscribers.webhooks[0].timeout must be positive", error.Message);
    }

    [Fact]
    public void Validate_rejects_an_empty_secret_and_reserved_or_malformed_headers_without_echoing_values()
    {
        var valid = new WebhookOptions { Url = new Uri("http://hooks.example/events"), Secret = "k", Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t" } };
        valid.Validate("w");

        Assert.StartsWith("w.secret", Assert.Throws<ArgumentException>(() => (valid with { Secret = " " }).Validate("w")).Message);
        Assert.Contains("X-Charger-Signature",
            Assert.Throws<ArgumentException>(() => (valid with { Headers = new Dictionary<string, string> { ["x-charger-signature"] = "sha256=0" } }).Validate("w")).Message,
            StringComparison.OrdinalIgnoreCase);
        Assert.Throws<ArgumentException>(() => (valid with { Headers = new Dictionary<string, string> { ["Bad Name"] = "v" } }).Validate("w"));
        var injected = Assert.Throws<ArgumentException>(() =>
            (valid with { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer secret-token\r\nX-Evil: 1" } }).Validate("w"));
        Assert.StartsWith("w.headers.Authorization", injected.Message);
        Assert.DoesNotContain("secret-token", injected.Message);
    }
}

/// <summary>The sink under its subscriber actor: the actor's retries, not the sink, recover from a failing receiver.</summary>
public sealed class WebhookSubscriberTests() : ActorTestBase(manualTime: false)
{
    [Fact]
    public async Task Two_503_answers_are_retried_by_the_actor_with_the_same_delivery_id_then_delivered_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync((attempt, _) => Task.FromResult((attempt <= 2 ? 503 : 200, (string?)null)));
        var monitor = new SubscriberMonitor("cp-1", "webhook");
        var options = new WebhookOptions { Url = receiver.Url("/hook"), Secret = "s3cret-key" };
        var subscriber = Sys.ActorOf(SubscriberActor.Props(
            new SubscriberDefinition("webhook", () => new WebhookSink(options), new SubscriberOptions
            {
                MaxRetries = 3,
                RetryDelay = TimeSpan.FromMilliseconds(50),
                MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            }),
            monitor), "webhook");

        subscriber.Tell(new ChargerEvent("cp-1", 7, ChargerEventType.ChargeStarted, DateTimeOffset.UtcNow, 3, 5), ActorRefs.NoSender);

        var attempts = new[] { await receiver.NextAsync(), await receiver.NextAsync(), await receiver.NextAsync() };
        Assert.All(attempts, a => Assert.Equal("cp-1:7", a.Header("X-Charger-Delivery")));
        Assert.All(attempts, a => Assert.True(WebhookSignature.Verify("s3cret-key", a.Body, a.Header(WebhookSignature.HeaderName))));
        AwaitAssert(() =>
        {
            var snapshot = monitor.Snapshot();
            Assert.Equal(1, snapshot.Delivered);
            Assert.Equal(0, snapshot.Failed);
            Assert.Equal(0, snapshot.Restarts);
            Assert.Equal(7, snapshot.LastDeliveredSequence);
        }, TimeSpan.FromSeconds(10));
        Assert.Equal(3, receiver.Received);
    }
}

/// <summary>One request as the receiver saw it.</summary>
internal sealed record CapturedRequest(string Method, string PathAndQuery, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A real HTTP receiver: Kestrel on 127.0.0.1 and a free port. Each request is captured into a
/// channel the test awaits, then answered by <c>answer(attempt, requestAborted)</c> (1-based).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly Channel<CapturedRequest> _requests = Channel.CreateUnbounded<CapturedRequest>();
    private readonly Func<int, CancellationToken, Task<(int Status, string? Body)>> _answer;
    private int _received;

    private WebhookReceiver(Func<int, CancellationToken, Task<(int Status, string? Body)>> answer)
    {
        _answer = answer;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public int Received => Volatile.Read(ref _received);

    public static async Task<WebhookReceiver> StartAsync(Func<int, CancellationToken, Task<(int Status, string? Body)>>? answer = null)
    {
        var receiver = new WebhookReceiver(answer ?? ((_, _) => Task.FromResult((200, (string?)null))));
        await receiver._app.StartAsync();
        return receiver;
    }

    public Uri Url(string pathAndQuery) => new(new Uri(_app.Urls.Single()), pathAndQuery);

    public async Task<CapturedRequest> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        return await _requests.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var attempt = Interlocked.Increment(ref _received);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Writer.TryWrite(new CapturedRequest(context.Request.Method, $"{context.Request.Path}{context.Request.QueryString}", body.ToArray(), headers));

        var (status, text) = await _answer(attempt, context.RequestAborted);
        context.Response.StatusCode = status;
        if (text is not null) await context.Response.WriteAsync(text, Encoding.UTF8, context.RequestAborted);
    }
}
