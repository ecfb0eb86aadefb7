using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Charger.Actors.Charging;
using Charger.Actors.Subscribers;

namespace Charger.Host.Operations;

/// <summary>
/// One client's live stream: it copies events from its hub subscription to the response as
/// Server-Sent Events (<c>id:</c> the hub's id, <c>event:</c> the type as in the JSON, <c>data:</c> the
/// event's JSON on one line) and writes a comment line when nothing was written for the keepalive
/// interval, so proxies keep the connection and the client can tell a quiet charger from a dead one.
/// A <c>gap</c> event (no id) tells the client it missed events: its resume point had left the
/// replay window, or it read too slowly and its subscription dropped its oldest events.
/// </summary>
public sealed class EventStream(EventHubSubscription subscription, PipeWriter output, TimeProvider time, TimeSpan keepAlive,
    string? chargerId = null, Action<long>? dropped = null)
{
    public const string GapEvent = "gap";

    /// <summary>The SSE event name of both alert types (the data's <c>type</c> says fired or resolved).</summary>
    public const string AlertEvent = "alert";

    private static readonly string[] TypeNames = [.. Enum.GetValues<ChargerEventType>()
        .OrderBy(t => (int)t).Select(t => t is ChargerEventType.AlertFired or ChargerEventType.AlertResolved
            ? AlertEvent
            : JsonNamingPolicy.SnakeCaseUpper.ConvertName(t.ToString()))];

    private static readonly byte[] KeepAliveLine = ": keepalive\n\n"u8.ToArray();

    private long _reportedDrops;
    private long _lastWrite;

    /// <summary>
    /// Streams until <paramref name="stop"/> (the client left, or the host is stopping); then returns
    /// normally. <paramref name="requestedId"/> is the id the client resumed from, for the gap event.
    /// </summary>
    public async Task RunAsync(long? requestedId, CancellationToken stop)
    {
        _lastWrite = time.GetTimestamp();
        if (subscription.Gap && requestedId is { } id)
        {
            WriteGap(new
            {
                reason = "evicted",
                last_event_id = id,
                message = $"Event {id} is no longer in the replay window (or is from an earlier run of the daemon); every event still kept follows.",
            });
            await FlushAsync(stop);
        }

        var reader = subscription.Reader;
        Task<bool>? waiting = null;
        while (!stop.IsCancellationRequested)
        {
            waiting ??= reader.WaitToReadAsync(stop).AsTask();
            if (!waiting.IsCompleted)
            {
                var quietFor = time.GetElapsedTime(_lastWrite);
                if (quietFor >= keepAlive)
                {
                    output.Write(KeepAliveLine);
                    await FlushAsync(stop);
                    continue;
                }
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(stop);
                var timer = Task.Delay(keepAlive - quietFor, time, tick.Token);
                await Task.WhenAny(waiting, timer);
                await tick.CancelAsync();
                if (!waiting.IsCompleted) continue; // the keepalive is due; the next turn writes it
            }
            if (stop.IsCancellationRequested || waiting.IsCanceled || !await waiting) return;
            waiting = null;

            // Drops happened before the events still queued, so the gap comes first.
            var wrote = ReportDrops();
            while (reader.TryRead(out var streamed))
            {
                if (chargerId is not null && streamed.Event.ChargerId != chargerId) continue;
                WriteEvent(streamed);
                wrote = true;
            }
            if (wrote) await FlushAsync(stop);
        }
    }

    private bool ReportDrops()
    {
        var total = subscription.Dropped;
        var lost = total - _reportedDrops;
        if (lost <= 0) return false;
        _reportedDrops = total;
        dropped?.Invoke(lost);
        WriteGap(new
        {
            reason = "dropped",
            dropped = lost,
            message = $"This client did not keep up and {lost} events were dropped (counted over all chargers).",
        });
        return true;
    }

    private void WriteEvent(StreamedEvent streamed)
    {
        var header = $"id: {streamed.Id.ToString(CultureInfo.InvariantCulture)}\nevent: {TypeNames[(int)streamed.Event.Type]}\ndata: ";
        Encoding.UTF8.GetBytes(header, output);
        output.Write(ChargerEventJson.SerializeToUtf8(streamed.Event));
        output.Write("\n\n"u8);
    }

    private void WriteGap(object data)
    {
        output.Write("event: gap\ndata: "u8);
        output.Write(JsonSerializer.SerializeToUtf8Bytes(data));
        output.Write("\n\n"u8);
    }

    private async Task FlushAsync(CancellationToken stop)
    {
        _lastWrite = time.GetTimestamp();
        try
        {
            await output.FlushAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The caller's loop ends on the same token.
        }
    }
}
