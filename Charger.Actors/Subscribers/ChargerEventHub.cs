using System.Threading.Channels;
using Charger.Actors.Charging;

namespace Charger.Actors.Subscribers;

/// <summary>
/// The in-process live stream of every charger's events, which the HTTP layer serves as
/// Server-Sent Events. It numbers events in one sequence across chargers, keeps the last
/// <c>window</c> of them so a client can resume from its <c>Last-Event-ID</c>, and gives each reader
/// its own bounded channel (drop-oldest, counted), so a reader that stalls loses its own oldest
/// events and never slows the publisher or another reader.
/// </summary>
public sealed class ChargerEventHub
{
    private readonly Lock _lock = new();
    private readonly Queue<StreamedEvent> _window = new();
    private readonly int _windowSize;
    private readonly int _readerCapacity;
    private readonly List<EventHubSubscription> _readers = [];
    private readonly Dictionary<string, ChargerMark> _chargers = new(StringComparer.Ordinal);
    private long _lastId;

    /// <summary>
    /// Per charger: the newest sequence published, and the floor below which this hub cannot vouch for having every
    /// event (the newest one that left the window, or the one before the first this hub got).
    /// </summary>
    private sealed class ChargerMark(long first)
    {
        public long Last = first;
        public long Floor = first - 1;
    }

    public ChargerEventHub(int window = 1000, int readerCapacity = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(readerCapacity, 1);
        _windowSize = window;
        _readerCapacity = readerCapacity;
    }

    public long LastId
    {
        get
        {
            lock (_lock) return _lastId;
        }
    }

    public int ReaderCount
    {
        get
        {
            lock (_lock) return _readers.Count;
        }
    }

    public void Publish(ChargerEvent evt)
    {
        lock (_lock)
        {
            var streamed = new StreamedEvent(++_lastId, evt);
            _window.Enqueue(streamed);
            if (_chargers.TryGetValue(evt.ChargerId, out var mark)) mark.Last = evt.Sequence;
            else _chargers[evt.ChargerId] = new ChargerMark(evt.Sequence);
            if (_window.Count > _windowSize)
            {
                var evicted = _window.Dequeue().Event;
                var evictedMark = _chargers[evicted.ChargerId];
                evictedMark.Floor = Math.Max(evictedMark.Floor, evicted.Sequence);
            }
            foreach (var reader in _readers) reader.Offer(streamed);
        }
    }

    /// <summary>
    /// A new reader. With <paramref name="lastEventId"/> it first gets the window's events after that
    /// id; <see cref="EventHubSubscription.Gap"/> says some were already gone (or the id is from an
    /// earlier run of the process, in which case the whole window is replayed).
    /// </summary>
    public EventHubSubscription Subscribe(long? lastEventId = null)
    {
        lock (_lock)
        {
            var replay = Array.Empty<StreamedEvent>();
            var gap = false;
            if (lastEventId is { } after)
            {
                var fromEarlierRun = after > _lastId;
                var oldest = _window.Count > 0 ? _window.Peek().Id : _lastId + 1;
                gap = fromEarlierRun || after < oldest - 1;
                replay = [.. _window.Where(e => fromEarlierRun || e.Id > after)];
            }
            var subscription = new EventHubSubscription(this, Math.Max(_readerCapacity, replay.Length), gap);
            foreach (var e in replay) subscription.Offer(e);
            _readers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>
    /// A new reader of live events only, with the newest sequence of every charger this hub has heard of (of
    /// <paramref name="chargerId"/> only, when given), taken at the same instant: the starting position of a site stream.
    /// </summary>
    public EventHubSubscription SubscribeLive(out EventPosition position, string? chargerId = null)
    {
        lock (_lock)
        {
            position = EventPosition.Of(_chargers.Where(c => chargerId is null || c.Key == chargerId)
                .Select(c => KeyValuePair.Create(c.Key, c.Value.Last)));
            var subscription = new EventHubSubscription(this, _readerCapacity, gap: false);
            _readers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>
    /// The kept events of <paramref name="chargerId"/> after its sequence <paramref name="after"/> (null: the client has
    /// none of its events, so all kept ones), and whether some are missing. An <paramref name="after"/> beyond the newest
    /// sequence is from an earlier run of the charger's node (sequences start again at 1): all kept events, and a gap.
    /// </summary>
    public ChargerReplay ReplayOf(string chargerId, long? after)
    {
        lock (_lock)
        {
            if (!_chargers.TryGetValue(chargerId, out var mark)) return new ChargerReplay(chargerId, [], after > 0, 0);
            var from = after ?? 0;
            var earlierRun = from > mark.Last;
            var events = _window.Where(e => e.Event.ChargerId == chargerId && (earlierRun || e.Event.Sequence > from)).Select(e => e.Event).ToArray();
            return new ChargerReplay(chargerId, events, earlierRun || from < mark.Floor, mark.Last);
        }
    }

    /// <summary>Every charger this hub has had an event of.</summary>
    public IReadOnlyList<string> Chargers
    {
        get
        {
            lock (_lock) return [.. _chargers.Keys];
        }
    }

    internal void Remove(EventHubSubscription subscription)
    {
        lock (_lock) _readers.Remove(subscription);
    }
}

/// <summary>One reader of the <see cref="ChargerEventHub"/>; dispose it when the client goes away.</summary>
public sealed class EventHubSubscription : IDisposable
{
    private readonly ChargerEventHub _hub;
    private readonly Channel<StreamedEvent> _channel;
    private long _dropped;

    internal EventHubSubscription(ChargerEventHub hub, int capacity, bool gap)
    {
        _hub = hub;
        Gap = gap;
        _channel = Channel.CreateBounded<StreamedEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public ChannelReader<StreamedEvent> Reader => _channel.Reader;

    /// <summary>The requested resume point was no longer in the window: the client missed events.</summary>
    public bool Gap { get; }

    /// <summary>Events this reader lost because it did not keep up.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Offer(StreamedEvent evt) => _channel.Writer.TryWrite(evt);

    public void Dispose()
    {
        _hub.Remove(this);
        _channel.Writer.TryComplete();
    }
}
