using Akka.Actor;
using Charger.Actors.Charging;
using Charger.Actors.Subscribers;

namespace Charger.Host.Mqtt;

/// <summary>
/// A charger's MQTT subscriber: each event (alerts included) goes to <c>{base}/{charger}/event</c> and makes the
/// state topics current at once. It only hands the event to the <see cref="MqttOutbox"/> and never waits on the
/// broker, and it runs in its own subscriber actor, so neither a slow webhook nor a lost broker delays the other.
/// </summary>
public sealed class MqttSink(MqttTopics topics, MqttOutbox outbox, IActorRef state) : IEventSink
{
    public Task EmitAsync(ChargerEvent evt, CancellationToken cancellationToken)
    {
        outbox.Publish(new MqttMessage(topics.Event(evt.ChargerId), ChargerEventJson.Serialize(evt), Retain: false));
        state.Tell(MqttStateActor.Refresh.Instance);
        return Task.CompletedTask;
    }

    public override string ToString() => "mqtt";
}
