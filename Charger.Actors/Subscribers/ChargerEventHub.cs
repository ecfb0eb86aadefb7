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
    private long _lastId;

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
            if (_window.Count > _windowSize) _window.Dequeue();
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
