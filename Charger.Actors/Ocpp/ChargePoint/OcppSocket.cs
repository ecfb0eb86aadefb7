using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace Charger.Actors.Ocpp.ChargePoint;

/// <summary>
/// One open OCPP-J WebSocket: connects with subprotocol <c>ocpp1.6</c> (and refuses a server that did not choose it),
/// sends text frames one at a time (a <see cref="ClientWebSocket"/> takes one send at a time) and reads whole messages.
/// </summary>
public sealed class OcppSocket : IAsyncDisposable
{
    public const string SubProtocol = "ocpp1.6";

    /// <summary>A message larger than this is refused (the central system's messages are small).</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);

    private OcppSocket(ClientWebSocket socket) => _socket = socket;

    public static async Task<OcppSocket> ConnectAsync(Uri url, string chargePointId, string? authorizationKey, TimeSpan pingInterval,
        CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.AddSubProtocol(SubProtocol);
            socket.Options.KeepAliveInterval = pingInterval;
            if (pingInterval > TimeSpan.Zero) socket.Options.KeepAliveTimeout = pingInterval;
            if (!string.IsNullOrEmpty(authorizationKey))
                socket.Options.SetRequestHeader("Authorization",
                    "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{chargePointId}:{authorizationKey}")));
            await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            if (socket.SubProtocol != SubProtocol)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.ProtocolError, "ocpp1.6 required", CancellationToken.None).ConfigureAwait(false);
                throw new WebSocketException($"the central system did not accept subprotocol {SubProtocol} (it chose '{socket.SubProtocol ?? "none"}')");
            }
            return new OcppSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The next text message, or null when the peer closed the connection.</summary>
    public async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            using var message = new MemoryStream();
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) return null;
                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxMessageBytes) throw new WebSocketException($"a message from the central system exceeds {MaxMessageBytes} bytes");
                if (!result.EndOfMessage) continue;
                if (result.MessageType != WebSocketMessageType.Text)
                {
                    message.SetLength(0);
                    continue; // OCPP-J is text only
                }
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        _sending.Dispose();
        return ValueTask.CompletedTask;
    }
}
