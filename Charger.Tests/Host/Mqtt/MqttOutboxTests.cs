using Charger.Host.Configuration;
using Charger.Host.Configuration.Settings;
using Charger.Host.Daemon;
using Charger.Host.Mqtt;

namespace Charger.Tests.Host.Mqtt;

public sealed class MqttOutboxTests
{
    [Fact]
    public void While_disconnected_only_the_latest_state_is_kept_and_news_is_not_queued()
    {
        var outbox = new MqttOutbox();
        var pending = 0;
        outbox.Pending += () => pending++;
        outbox.Publish(new MqttMessage("charger/cp-1/state", "IDLE", Retain: true));
        outbox.Publish(new MqttMessage("charger/cp-1/event", "CABLE_CONNECTED", Retain: false));
        outbox.Publish(new MqttMessage("charger/cp-1/state", "CABLE_DETECT", Retain: true));
        Assert.Equal(0, pending);

        outbox.Connected();
        Assert.Equal([new MqttMessage("charger/cp-1/state", "CABLE_DETECT", true)], outbox.Take());
        outbox.Publish(new MqttMessage("charger/cp-1/state", "CABLE_DETECT", Retain: true)); // unchanged: not sent again
        outbox.Publish(new MqttMessage("charger/cp-1/event", "EV_CONNECTED", Retain: false));
        Assert.Equal([new MqttMessage("charger/cp-1/event", "EV_CONNECTED", false)], outbox.Take());

        // A reconnect (a broker restarted without persistence) sends every retained topic again.
        outbox.Disconnected();
        outbox.Connected();
        Assert.Equal([new MqttMessage("charger/cp-1/state", "CABLE_DETECT", true)], outbox.Take());
        Assert.True(pending >= 2);
    }

    [Fact]
    public void A_failed_send_makes_the_retained_topics_due_again_but_not_a_newer_value_older()
    {
        var outbox = new MqttOutbox();
        outbox.Connected();
        outbox.Publish(new MqttMessage("s", "1", Retain: true));
        var taken = outbox.Take();
        outbox.Publish(new MqttMessage("s", "2", Retain: true));
        outbox.Return(taken); // "1" failed, but "2" is newer
        Assert.Equal([new MqttMessage("s", "2", true)], outbox.Take());
    }

    [Theory]
    [InlineData("http://broker:1883", "mqtt.url")]
    [InlineData("mqtt://user:pw@broker", "mqtt.url")]
    [InlineData("mqtt://broker", "mqtt.base-topic", "charger/#")]
    public void Bad_mqtt_settings_fail_at_start_naming_the_key(string url, string key, string baseTopic = "charger")
    {
        var settings = new HostSettings { DataDir = Path.GetTempPath(), Mqtt = { Url = url, BaseTopic = baseTopic } };
        Assert.Equal(key, Assert.Throws<ConfigurationException>(() => DaemonOptions.From(settings)).Key);
    }

    [Fact]
    public void Mqtt_is_off_without_a_url_and_takes_the_default_ports()
    {
        Assert.Null(DaemonOptions.From(new HostSettings { DataDir = Path.GetTempPath() }).Mqtt);
        var tls = DaemonOptions.From(new HostSettings { DataDir = Path.GetTempPath(), Mqtt = { Url = "mqtts://broker.example" } }).Mqtt!;
        Assert.Equal((8883, true, "mqtts://broker.example:8883"), (tls.Port, tls.Tls, tls.DisplayUrl));
    }

    [Theory]
    [InlineData("severity", "alerts.link-down.severity")]
    [InlineData("percent", "alerts.disk-low.min-free-percent")]
    [InlineData("hold", "alerts.link-down.hold")]
    [InlineData("dsn", "errors.sentry-dsn")]
    public void Bad_alert_and_error_settings_fail_at_start_naming_the_key(string what, string key)
    {
        var settings = new HostSettings { DataDir = Path.GetTempPath() };
        switch (what)
        {
            case "severity": settings.Alerts.LinkDown.Severity = "loud"; break;
            case "percent": settings.Alerts.DiskLow.MinFreePercent = 120; break;
            case "hold": settings.Alerts.LinkDown.Hold = TimeSpan.FromSeconds(-1); break;
            case "dsn": settings.Errors.SentryDsn = "not a dsn"; break;
        }
        Assert.Equal(key, Assert.Throws<ConfigurationException>(() => DaemonOptions.From(settings)).Key);
    }
}
