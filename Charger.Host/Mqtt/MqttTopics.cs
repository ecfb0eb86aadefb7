namespace Charger.Host.Mqtt;

/// <summary>Every topic the daemon publishes or listens on, from <c>mqtt.base-topic</c> (here "charger").</summary>
public sealed class MqttTopics(string baseTopic, string discoveryPrefix)
{
    /// <summary>charger/status: "online", or "offline" (retained; the broker sends the last will "offline" when we vanish).</summary>
    public string Availability => $"{baseTopic}/status";

    /// <summary>charger/cp-1/state: JSON with state, charging, status fields, current offered and session (retained).</summary>
    public string State(string chargerId) => $"{baseTopic}/{chargerId}/state";

    /// <summary>charger/cp-1/session: the open session (user, started, elapsed) or {"active": false} (retained).</summary>
    public string Session(string chargerId) => $"{baseTopic}/{chargerId}/session";

    /// <summary>charger/cp-1/link: JSON link health (retained).</summary>
    public string Link(string chargerId) => $"{baseTopic}/{chargerId}/link";

    /// <summary>charger/cp-1/alerts: JSON list of active alerts of this charger, and of the station on the first charger (retained).</summary>
    public string Alerts(string chargerId) => $"{baseTopic}/{chargerId}/alerts";

    /// <summary>charger/cp-1/event: every charger event as JSON, as webhooks get it (not retained).</summary>
    public string Event(string chargerId) => $"{baseTopic}/{chargerId}/event";

    /// <summary>charger/cp-1/command/charge: "start" or "stop" (only with mqtt.commands = on).</summary>
    public string ChargeCommand(string chargerId) => $"{baseTopic}/{chargerId}/command/charge";

    /// <summary>charger/cp-1/command/max-current: whole amperes 6..32 (only with mqtt.commands = on).</summary>
    public string MaxCurrentCommand(string chargerId) => $"{baseTopic}/{chargerId}/command/max-current";

    /// <summary>charger/cp-1/command/result: the answer to each command (not retained).</summary>
    public string CommandResult(string chargerId) => $"{baseTopic}/{chargerId}/command/result";

    /// <summary>homeassistant/sensor/charger_cp-1/state/config</summary>
    public string Discovery(string component, string chargerId, string objectId) =>
        $"{discoveryPrefix}/{component}/{NodeId(chargerId)}/{objectId}/config";

    public string NodeId(string chargerId) => $"{baseTopic}_{chargerId}".Replace('/', '_');
}
