namespace Charger.Host.Mqtt;

/// <summary>One message to publish: retained ones are state (a late subscriber needs the last value), the others are news.</summary>
public sealed record MqttMessage(string Topic, string Payload, bool Retain);
