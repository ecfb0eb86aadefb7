using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Charger.Actors.Charging;

namespace Charger.Actors.Subscribers;

/// <summary>
/// POSTs each charger event to a URL as <see cref="ChargerEventJson"/> (<c>application/json; charset=utf-8</c>).
/// Every request carries <c>X-Charger-Event</c> (the type, e.g. CHARGE_STARTED),
/// <c>X-Charger-Delivery</c> (<c>{chargerId}:{sequence}</c>, the same on every retry of an event, so
/// a receiver can de-duplicate), <c>User-Agent: charger/{version}</c>, the configured extra headers, and,
/// with a secret, <c>X-Charger-Signature</c> (<see cref="WebhookSignature"/>).
/// <para>
/// One call is one attempt: the sink never retries. Any 2xx is delivered; any other status throws a
/// <see cref="WebhookDeliveryException"/>, a network error propagates as <see cref="HttpRequestException"/>
/// and a request slower than <see cref="WebhookOptions.Timeout"/> throws a <see cref="TimeoutException"/>
/// (not a cancellation, which the subscriber's retry would treat as its own stop). Its
/// <see cref="SubscriberActor"/> retries with exponential backoff, then restarts it with a fresh sink.
/// </para>
/// <para>
/// The sink owns its <see cref="HttpClient"/> (pooled connections recycled every 2 minutes, so DNS
/// changes are seen); a sink lives for one incarnation of its actor, which disposes it.
/// </para>
/// </summary>
public sealed class WebhookSink : IEventSink, IDisposable
{
    /// <summary>How much of a failed response is read for the error message.</summary>
    private const int ExcerptBytes = 1024;

    private static readonly MediaTypeHeaderValue JsonUtf8 = new("application/json") { CharSet = "utf-8" };

    private static readonly string UserAgent = $"charger/{typeof(WebhookSink).Assembly.GetName().Version?.ToString() ?? "0.0.0.0"}";

    private readonly HttpClient _client;

    /// <param name="options">Validated here as well; a bad option throws <see cref="ArgumentException"/>.</param>
    /// <param name="handler">For tests: sends the requests instead of an own <see cref="SocketsHttpHandler"/>. The caller keeps owning it.</param>
    public WebhookSink(WebhookOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate("webhook");
        Options = options;
        _client = handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
        _client.Timeout = options.Timeout;
    }

    public WebhookOptions Options { get; }

    public async Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var body = ChargerEventJson.SerializeToUtf8(evt);
        using var request = new HttpRequestMessage(HttpMethod.Post, Options.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = JsonUtf8 } },
        };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation("X-Charger-Event", JsonNamingPolicy.SnakeCaseUpper.ConvertName(evt.Type.ToString()));
        request.Headers.TryAddWithoutValidation("X-Charger-Delivery", $"{evt.ChargerId}:{evt.Sequence}");
        if (Options.Secret is { } secret)
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Compute(secret, body));
        foreach (var (name, value) in Options.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
                request.Content.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException timeout) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"webhook did not answer within {Options.Timeout.TotalSeconds:0.###} s", timeout);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            var excerpt = await ReadExcerptAsync(response, cancellationToken).ConfigureAwait(false);
            throw new WebhookDeliveryException(response.StatusCode, response.ReasonPhrase, excerpt);
        }
    }

    public void Dispose() => _client.Dispose();

    public override string ToString() => $"webhook {Options.DisplayUrl}";

    // The start of the receiver's answer, for the operator; never more than a small, time-bounded read.
    private async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Options.Timeout);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(bounded.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[ExcerptBytes];
                var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, bounded.Token).ConfigureAwait(false);
                return Encoding.UTF8.GetString(buffer, 0, read);
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // the status alone is the error; a body we cannot read adds nothing
        }
    }
}
