using System.Text;
using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using MQTTnet;
using MQTTnet.Protocol;

namespace Charger.Host.Mqtt;

/// <summary>
/// One connection to the broker. It connects when it starts (with the last will "offline" on the availability
/// topic), says "online", subscribes to the command topics when commands are on, and sends what the
/// <see cref="MqttOutbox"/> has due. A lost connection or a failed connect stops it, and its
/// <see cref="BackoffSupervisor"/> starts a new one after a growing delay: a broker restart is a reconnect, not a
/// crash. Commands that arrive go to <c>commands</c> (the <see cref="MqttCommandActor"/>).
/// </summary>
public sealed class MqttConnectionActor : ReceiveActor
{
    public const string Name = "mqtt";

    private sealed record ConnectResult(Exception? Error);

    private sealed record Lost(string Reason);

    private sealed record Flush
    {
        public static readonly Flush Instance = new();
    }

    private sealed record Sent(IReadOnlyList<MqttMessage> Unsent, Exception? Error);

    /// <summary>A message arrived on a topic we subscribed to (a command topic).</summary>
    public sealed record Received(string Topic, string Payload);

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    private readonly MqttOptions _options;
    private readonly MqttTopics _topics;
    private readonly MqttOutbox _outbox;
    private readonly IReadOnlyList<string> _commandTopics;
    private readonly IActorRef _commands;
    private readonly IMqttClient _client;
    private bool _sending;
    private bool _flushAgain;
    private Action? _pending;

    public MqttConnectionActor(MqttOptions options, MqttTopics topics, MqttOutbox outbox, IReadOnlyList<string> commandTopics, IActorRef commands)
    {
        _options = options;
        _topics = topics;
        _outbox = outbox;
        _commandTopics = commandTopics;
        _commands = commands;
        _client = new MqttClientFactory().CreateMqttClient();
        Become(Connecting);
    }

    /// <summary>The connection under its backoff supervisor (restarted after a stop, with jitter, without limit).</summary>
    public static Props Supervised(MqttOptions options, MqttTopics topics, MqttOutbox outbox, IReadOnlyList<string> commandTopics, IActorRef commands) =>
        BackoffSupervisor.Props(Backoff.OnStop(
            Props.Create(() => new MqttConnectionActor(options, topics, outbox, commandTopics, commands)),
            "connection", options.MinBackoff, options.MaxBackoff, randomFactor: 0.2, maxNrOfRetries: -1));

    protected override void PreStart()
    {
        var self = Self;
        var will = Encoding.UTF8.GetBytes("offline");
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_options.ClientId)
            .WithCleanSession()
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithWillTopic(_topics.Availability)
            .WithWillPayload(will)
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (_options.Username is not null) builder = builder.WithCredentials(_options.Username, _options.Password);
        if (_options.Tls) builder = builder.WithTlsOptions(tls => tls.UseTls());
        _client.DisconnectedAsync += args =>
        {
            self.Tell(new Lost(args.Exception?.Message ?? args.Reason.ToString()));
            return Task.CompletedTask;
        };
        _client.ApplicationMessageReceivedAsync += args =>
        {
            self.Tell(new Received(args.ApplicationMessage.Topic, args.ApplicationMessage.ConvertPayloadToString() ?? ""));
            return Task.CompletedTask;
        };
        _client.ConnectAsync(builder.Build()).ContinueWith(t => new ConnectResult(t.Exception?.GetBaseException()), TaskScheduler.Default)
            .PipeTo(self);
    }

    protected override void PostStop()
    {
        _outbox.Disconnected();
        if (_pending is not null) _outbox.Pending -= _pending;
        // A clean stop (the daemon shutting down) says offline itself; a crash leaves it to the last will.
        if (_client.IsConnected)
        {
            var offline = new MqttApplicationMessageBuilder().WithTopic(_topics.Availability).WithPayload("offline").WithRetainFlag()
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            _ = _client.PublishAsync(offline).ContinueWith(_ => _client.DisconnectAsync(), TaskScheduler.Default).Unwrap()
                .ContinueWith(_ => _client.Dispose(), TaskScheduler.Default);
        }
        else _client.Dispose();
    }

    private void Connecting()
    {
        ReceiveAsync<ConnectResult>(async r =>
        {
            if (r.Error is not null)
            {
                Log.Warning("MQTT broker {0} not reachable: {1}; retrying with backoff", _options.DisplayUrl, r.Error.Message);
                Context.Stop(Self);
                return;
            }
            try
            {
                if (_commandTopics.Count > 0)
                {
                    var subscribe = new MqttClientSubscribeOptionsBuilder();
                    foreach (var topic in _commandTopics) subscribe = subscribe.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce);
                    await _client.SubscribeAsync(subscribe.Build());
                }
                await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(_topics.Availability).WithPayload("online").WithRetainFlag()
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            }
            catch (Exception e)
            {
                Log.Warning("MQTT broker {0} connected but refused the set-up: {1}; retrying with backoff", _options.DisplayUrl, e.Message);
                Context.Stop(Self);
                return;
            }
            Log.Info("MQTT connected to {0} as {1}", _options.DisplayUrl, _options.ClientId);
            Become(Connected);
            var self = Self;
            _pending = () => self.Tell(Flush.Instance);
            _outbox.Pending += _pending;
            _outbox.Connected();
        });
        Receive<Lost>(_ => { }); // the connect's own failure comes as its result
        Receive<Received>(_ => { });
    }

    private void Connected()
    {
        Receive<Flush>(_ => SendDue());
        Receive<Sent>(s =>
        {
            _sending = false;
            if (s.Error is not null)
            {
                _outbox.Return(s.Unsent);
                Log.Warning("MQTT publish to {0} failed: {1}; reconnecting", _options.DisplayUrl, s.Error.Message);
                Context.Stop(Self);
                return;
            }
            if (_flushAgain) SendDue();
        });
        Receive<Received>(r => _commands.Tell(r));
        Receive<Lost>(l =>
        {
            Log.Warning("MQTT connection to {0} lost: {1}; reconnecting with backoff", _options.DisplayUrl, l.Reason);
            Context.Stop(Self);
        });
    }

    // One batch in flight at a time, in order; what comes meanwhile goes in the next batch.
    private void SendDue()
    {
        if (_sending)
        {
            _flushAgain = true;
            return;
        }
        _flushAgain = false;
        var due = _outbox.Take();
        if (due.Count == 0) return;
        _sending = true;
        SendAsync(due).PipeTo(Self);
    }

    private async Task<Sent> SendAsync(IReadOnlyList<MqttMessage> due)
    {
        for (var i = 0; i < due.Count; i++)
        {
            try
            {
                var m = due[i];
                await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(m.Topic).WithPayload(m.Payload).WithRetainFlag(m.Retain)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build()).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return new Sent(due.Skip(i).ToList(), e);
            }
        }
        return new Sent([], null);
    }
}
