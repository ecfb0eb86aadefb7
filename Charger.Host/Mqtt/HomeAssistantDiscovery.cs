using System.Text.Json;
using System.Text.Json.Nodes;

namespace Charger.Host.Mqtt;

/// <summary>
/// Home Assistant MQTT discovery (retained configs under <c>{discovery-prefix}/{component}/{node}/{object}/config</c>):
/// one device per charger with sensors (state, current offered, max current, cable rating, session user and elapsed
/// time, active alerts), binary sensors (charging, serial link) and, only with <c>mqtt.commands = on</c>, a number
/// for the max current and start/stop buttons. Every entity is unavailable while the daemon's availability topic
/// says "offline" (the last will).
/// </summary>
public static class HomeAssistantDiscovery
{
    public static IEnumerable<MqttMessage> Configs(string chargerId, MqttTopics topics, bool commands)
    {
        var node = topics.NodeId(chargerId);
        JsonObject Device() => new()
        {
            ["identifiers"] = new JsonArray(node),
            ["name"] = $"Charger {chargerId}",
            ["manufacturer"] = "Charger",
            ["model"] = "AC charging station (ESP32 controller)",
            ["sw_version"] = typeof(HomeAssistantDiscovery).Assembly.GetName().Version?.ToString(),
        };
        MqttMessage Entity(string component, string objectId, string name, JsonObject fields)
        {
            var config = new JsonObject
            {
                ["name"] = name,
                ["unique_id"] = $"{node}_{objectId}",
                ["object_id"] = $"{node}_{objectId}",
                ["availability_topic"] = topics.Availability,
                ["payload_available"] = "online",
                ["payload_not_available"] = "offline",
                ["device"] = Device(),
            };
            foreach (var (key, value) in fields) config[key] = value?.DeepClone();
            return new MqttMessage(topics.Discovery(component, chargerId, objectId), config.ToJsonString(), Retain: true);
        }

        var state = topics.State(chargerId);
        yield return Entity("sensor", "state", "State", new() { ["state_topic"] = state, ["value_template"] = "{{ value_json.state_name }}", ["icon"] = "mdi:ev-station" });
        yield return Entity("sensor", "current_offered", "Current offered", new()
        {
            ["state_topic"] = state, ["value_template"] = "{{ value_json.current_offered_amps }}", ["unit_of_measurement"] = "A",
            ["device_class"] = "current", ["state_class"] = "measurement",
        });
        yield return Entity("sensor", "max_current", "Max current", new()
        {
            ["state_topic"] = state, ["value_template"] = "{{ value_json.max_current_amps }}", ["unit_of_measurement"] = "A", ["device_class"] = "current",
        });
        yield return Entity("sensor", "cable_rating", "Cable rating", new()
        {
            ["state_topic"] = state, ["value_template"] = "{{ value_json.cable_rating_amps }}", ["unit_of_measurement"] = "A", ["device_class"] = "current",
            ["entity_category"] = "diagnostic",
        });
        yield return Entity("binary_sensor", "charging", "Charging", new()
        {
            ["state_topic"] = state, ["value_template"] = "{{ 'ON' if value_json.charging else 'OFF' }}", ["device_class"] = "battery_charging",
        });
        yield return Entity("binary_sensor", "link", "Serial link", new()
        {
            ["state_topic"] = topics.Link(chargerId), ["value_template"] = "{{ 'ON' if value_json.up else 'OFF' }}", ["device_class"] = "connectivity",
            ["entity_category"] = "diagnostic",
        });
        yield return Entity("sensor", "session_user", "Session user", new()
        {
            ["state_topic"] = topics.Session(chargerId), ["value_template"] = "{{ value_json.user_id if value_json.active else 'none' }}", ["icon"] = "mdi:account",
        });
        yield return Entity("sensor", "session_elapsed", "Session time", new()
        {
            ["state_topic"] = topics.Session(chargerId), ["value_template"] = "{{ value_json.elapsed_seconds if value_json.active else 0 }}",
            ["unit_of_measurement"] = "s", ["device_class"] = "duration",
        });
        yield return Entity("sensor", "alerts", "Active alerts", new()
        {
            ["state_topic"] = topics.Alerts(chargerId), ["value_template"] = "{{ value_json | count }}",
            ["json_attributes_topic"] = topics.Alerts(chargerId), ["json_attributes_template"] = "{{ {'alerts': value_json} | tojson }}", ["icon"] = "mdi:alert",
        });
        if (!commands) yield break;
        yield return Entity("number", "max_current_set", "Max current limit", new()
        {
            ["command_topic"] = topics.MaxCurrentCommand(chargerId), ["state_topic"] = state, ["value_template"] = "{{ value_json.max_current_amps }}",
            ["min"] = 6, ["max"] = 32, ["step"] = 1, ["unit_of_measurement"] = "A", ["mode"] = "box",
        });
        yield return Entity("button", "start", "Start charging", new()
        {
            ["command_topic"] = topics.ChargeCommand(chargerId), ["payload_press"] = "start", ["icon"] = "mdi:play",
        });
        yield return Entity("button", "stop", "Stop charging", new()
        {
            ["command_topic"] = topics.ChargeCommand(chargerId), ["payload_press"] = "stop", ["icon"] = "mdi:stop",
        });
    }
}
