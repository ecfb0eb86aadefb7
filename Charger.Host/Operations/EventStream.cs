using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Charger.Actors.Charging;
using Charger.Actors.Subscribers;
using Charger.Host.Cluster;

namespace Charger.Host.Operations;

/// <summary>
/// One client's live stream: it copies events from its hub subscription to the response as
/// Server-Sent Events (<c>id:</c> the hub's id, <c>event:</c> the type as in the JSON, <c>data:</c> the
/// event's JSON on one line) and writes a comment line when nothing was written for the keepalive
/// interval, so proxies keep the connection and the client can tell a quiet charger from a dead one.
/// A <c>gap</c> event (no id) tells the client it missed events: its resume point had left the
/// replay window, or it read too slowly and its subscription dropped its oldest events.
/// With a <paramref name="resume"/> plan (a site cluster's stream) the <c>id:</c> is an <see cref="EventPosition"/>, the last
/// sequence of each charger the client got, which any node of the site can resume from: the plan's gaps and replayed
/// events come first, then live events, less those the replay already carried.
/// </summary>
public sealed class EventStream(EventHubSubscription subscription, PipeWriter output, TimeProvider time, TimeSpan keepAlive,
    string? chargerId = null, Action<long>? dropped = null, EventResumePlan? resume = null)
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
    private EventPosition? _position = resume?.Start;

    /// <summary>
    /// Per charger, the client's sequence before the replay and the newest the replay wrote: a live event in between was
    /// in the replay. Gone once a newer live event of the charger passed.
    /// </summary>
    private readonly Dictionary<string, (long After, long Replayed)> _replayed = new(StringComparer.Ordinal);

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
        if (resume is not null && (resume.Gaps.Count > 0 || resume.Events.Count > 0))
        {
            foreach (var gap in resume.Gaps)
            {
                WriteGap(new
                {
                    reason = "evicted",
                    charger_id = gap.ChargerId,
                    last_sequence = gap.After,
                    message = $"Events of {gap.ChargerId} after its event {gap.After ?? 0} are no longer kept (or that event is from an earlier run of its node); every event of it still kept follows.",
                });
            }
            foreach (var evt in resume.Events)
            {
                var before = resume.Start.Of(evt.ChargerId) is { } s && resume.Gaps.All(g => g.ChargerId != evt.ChargerId) ? s : long.MinValue;
                _replayed[evt.ChargerId] = (before, evt.Sequence);
                WriteEvent(new StreamedEvent(0, evt));
            }
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
                if (WasReplayed(streamed.Event)) continue;
                WriteEvent(streamed);
                wrote = true;
            }
            if (wrote) await FlushAsync(stop);
        }
    }

    private bool WasReplayed(ChargerEvent evt)
    {
        if (!_replayed.TryGetValue(evt.ChargerId, out var range)) return false;
        if (evt.Sequence > range.After && evt.Sequence <= range.Replayed) return true;
        if (evt.Sequence > range.Replayed) _replayed.Remove(evt.ChargerId);
        return false;
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
        string id;
        if (_position is null) id = streamed.Id.ToString(CultureInfo.InvariantCulture);
        else
        {
            _position = _position.With(streamed.Event.ChargerId, streamed.Event.Sequence);
            id = _position.ToString();
        }
        var header = $"id: {id}\nevent: {TypeNames[(int)streamed.Event.Type]}\ndata: ";
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
