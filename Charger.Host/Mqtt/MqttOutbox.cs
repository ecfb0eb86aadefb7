namespace Charger.Host.Mqtt;

/// <summary>
/// What waits to be published, shared by everything that publishes and the connection actor that sends, and kept
/// across its restarts. Retained topics keep only their latest payload (a state published twice while the broker is
/// away is sent once, the newer); news (events, command results) is dropped while disconnected, never queued. After a
/// reconnect every retained topic is sent again: a broker restarted without persistence has lost them.
/// </summary>
public sealed class MqttOutbox
{
    private const int MaxNews = 1000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, MqttMessage> _latest = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly Queue<MqttMessage> _news = new();
    private bool _connected;

    /// <summary>Raised (outside the lock) when something new waits and the connection is up.</summary>
    public event Action? Pending;

    public void Publish(MqttMessage message)
    {
        bool notify;
        lock (_lock)
        {
            if (message.Retain)
            {
                if (_latest.TryGetValue(message.Topic, out var last) && last.Payload == message.Payload && !_dirty.Contains(message.Topic)) return;
                _latest[message.Topic] = message;
                _dirty.Add(message.Topic);
            }
            else
            {
                if (!_connected) return;
                _news.Enqueue(message);
                while (_news.Count > MaxNews) _news.Dequeue();
            }
            notify = _connected;
        }
        if (notify) Pending?.Invoke();
    }

    /// <summary>The latest retained payload of <paramref name="topic"/>, if any (what a reconnect sends).</summary>
    public string? Latest(string topic)
    {
        lock (_lock) return _latest.TryGetValue(topic, out var m) ? m.Payload : null;
    }

    /// <summary>The connection is up: every retained topic is due again.</summary>
    public void Connected()
    {
        lock (_lock)
        {
            _connected = true;
            foreach (var topic in _latest.Keys) _dirty.Add(topic);
        }
        Pending?.Invoke();
    }

    public void Disconnected()
    {
        lock (_lock)
        {
            _connected = false;
            _news.Clear();
        }
    }

    /// <summary>Takes what is due, news first in order, then the latest of each retained topic.</summary>
    public IReadOnlyList<MqttMessage> Take()
    {
        lock (_lock)
        {
            var due = new List<MqttMessage>(_news.Count + _dirty.Count);
            while (_news.TryDequeue(out var m)) due.Add(m);
            foreach (var topic in _dirty) due.Add(_latest[topic]);
            _dirty.Clear();
            return due;
        }
    }

    /// <summary>A send failed: the retained ones are due again on the next connection.</summary>
    public void Return(IEnumerable<MqttMessage> unsent)
    {
        lock (_lock)
            foreach (var m in unsent.Where(m => m.Retain && _latest.TryGetValue(m.Topic, out var latest) && latest == m))
                _dirty.Add(m.Topic);
    }
}
