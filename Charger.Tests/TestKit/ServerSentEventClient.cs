using System.Threading.Channels;

namespace Charger.Tests.TestKit;

/// <summary>
/// Reads a <c>text/event-stream</c> response as a browser's EventSource would (fields <c>id</c>,
/// <c>event</c>, <c>data</c>, a blank line ends a message, <c>:</c> starts a comment), on a
/// background loop, so a test can await the next message with a deadline. <see cref="Ended"/>
/// completes when the server ends the stream: true for a clean end, false for a broken connection.
/// </summary>
public sealed class ServerSentEventClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Channel<ServerSentEvent> _messages = Channel.CreateUnbounded<ServerSentEvent>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<bool> _pump;
    private int _disposed;

    private ServerSentEventClient(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _pump = Task.Run(() => PumpAsync(body));
    }

    public HttpResponseMessage Response => _response;

    /// <summary>True once the server ended the stream cleanly; false if the connection broke.</summary>
    public Task<bool> Ended => _pump;

    /// <summary>Opens <paramref name="path"/>; the response must be a 200 event stream.</summary>
    public static async Task<ServerSentEventClient> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new InvalidOperationException($"Expected an event stream from {path}, got {(int)response.StatusCode}: {body}");
        }
        return new ServerSentEventClient(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next message (comments included), or a <see cref="TimeoutException"/> after <paramref name="within"/>.</summary>
    public async Task<ServerSentEvent> NextAsync(TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(15));
        try
        {
            return await _messages.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException("No server-sent event arrived in time.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The event stream ended.");
        }
    }

    /// <summary>The next event that is not a comment.</summary>
    public async Task<ServerSentEvent> NextEventAsync(TimeSpan? within = null)
    {
        while (true)
        {
            var message = await NextAsync(within);
            if (!message.IsComment) return message;
        }
    }

    /// <summary>Events (comments skipped) up to and including the first that <paramref name="last"/> accepts.</summary>
    public async Task<List<ServerSentEvent>> EventsUntilAsync(Func<ServerSentEvent, bool> last, TimeSpan? within = null)
    {
        var events = new List<ServerSentEvent>();
        using var deadline = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            ServerSentEvent next;
            try
            {
                next = await NextEventAsync(within ?? TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"The awaited event never came; got: {string.Join(", ", events.Select(e => $"{e.Id}:{e.Event}"))}");
            }
            events.Add(next);
            if (last(next)) return events;
            if (deadline.IsCancellationRequested)
                throw new TimeoutException($"The awaited event never came; got: {string.Join(", ", events.Select(e => $"{e.Id}:{e.Event}"))}");
        }
    }

    private async Task<bool> PumpAsync(Stream body)
    {
        using var reader = new StreamReader(body);
        string? id = null, type = null, data = null;
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (id is not null || type is not null || data is not null)
                        _messages.Writer.TryWrite(new ServerSentEvent(id, type, data, null));
                    (id, type, data) = (null, null, null);
                }
                else if (line[0] == ':')
                {
                    _messages.Writer.TryWrite(new ServerSentEvent(null, null, null, line[1..].Trim()));
                }
                else
                {
                    var colon = line.IndexOf(':');
                    var field = colon < 0 ? line : line[..colon];
                    var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                    switch (field)
                    {
                        case "id": id = value; break;
                        case "event": type = value; break;
                        case "data": data = data is null ? value : data + "\n" + value; break;
                    }
                }
            }
            return true;
        }
        catch (Exception) when (!_stop.IsCancellationRequested)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    /// <summary>Closes the connection, as a client that leaves; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            await _pump;
        }
        catch (Exception)
        {
            // Closing our side can surface as any read error; the stream is gone either way.
        }
        _stop.Dispose();
    }
}
