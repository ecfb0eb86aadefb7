using Charger.Host.Metrics;

namespace Charger.Tests.Host.Metrics;

public sealed class PrometheusNamingTests
{
    [Theory]
    [InlineData("charger.link.reconnects", null, MetricType.Counter, "charger_link_reconnects_total")]
    [InlineData("charger.link.reconnects_total", null, MetricType.Counter, "charger_link_reconnects_total")]
    [InlineData("charger.link.down-time", "s", MetricType.Counter, "charger_link_down_time_seconds_total")]
    [InlineData("charger.link.down_time_seconds_total", "s", MetricType.Counter, "charger_link_down_time_seconds_total")]
    [InlineData("http.server.request.duration", "s", MetricType.Histogram, "http_server_request_duration_seconds")]
    [InlineData("charger.command_seconds", "s", MetricType.Histogram, "charger_command_seconds")]
    [InlineData("charger.current", "A", MetricType.Gauge, "charger_current")]
    [InlineData("charger.up-down/thing:x", null, MetricType.Gauge, "charger_up_down_thing_x")]
    [InlineData("1st", null, MetricType.Gauge, "_1st")]
    [InlineData("_total", null, MetricType.Counter, "_total_total")]
    public void Instrument_names_become_prometheus_names(string instrument, string? unit, MetricType type, string expected) =>
        Assert.Equal(expected, PrometheusNaming.MetricName(instrument, unit, type));

    [Theory]
    [InlineData("charger.id", "charger_id")]
    [InlineData("http-route", "http_route")]
    [InlineData("0", "_0")]
    [InlineData("a:b", "a_b")]
    public void Tag_names_become_label_names(string tag, string expected) =>
        Assert.Equal(expected, PrometheusNaming.LabelName(tag));
}
