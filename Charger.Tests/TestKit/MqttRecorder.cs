using MQTTnet;
using MQTTnet.Protocol;

namespace Charger.Tests.TestKit;

/// <summary>An MQTTnet client that subscribes to topics and keeps every message it gets, for a test to await.</summary>
public sealed class MqttRecorder : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly List<(string Topic, string Payload, bool Retained)> _messages = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<(string Topic, string Payload, bool Retained)> Messages
    {
        get
        {
            lock (_lock) return [.. _messages];
        }
    }

    public static async Task<MqttRecorder> ConnectAsync(int port, params string[] filters)
    {
        var recorder = new MqttRecorder();
        recorder._client.ApplicationMessageReceivedAsync += args =>
        {
            lock (recorder._lock)
                recorder._messages.Add((args.ApplicationMessage.Topic, args.ApplicationMessage.ConvertPayloadToString() ?? "", args.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        await recorder._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithClientId("test-" + Guid.NewGuid().ToString("N")[..8]).WithCleanSession().Build());
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters) subscribe = subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        await recorder._client.SubscribeAsync(subscribe.Build());
        return recorder;
    }

    public Task PublishAsync(string topic, string payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    /// <summary>Waits (real time, bounded) for a message on <paramref name="topic"/> whose payload satisfies <paramref name="match"/>.</summary>
    public async Task<string> AwaitAsync(string topic, Func<string, bool>? match = null, TimeSpan? within = null, int skip = 0)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = Messages.Skip(skip).Where(m => m.Topic == topic && (match?.Invoke(m.Payload) ?? true)).Select(m => m.Payload).FirstOrDefault();
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No matching message on {topic}; got on it: {string.Join(" | ", Messages.Where(m => m.Topic == topic).Select(m => m.Payload))}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync();
        }
        catch (Exception)
        {
            // the broker may be gone already
        }
        _client.Dispose();
    }
}
